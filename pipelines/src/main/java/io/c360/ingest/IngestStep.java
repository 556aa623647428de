package io.c360.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.when;

import io.c360.config.SourceConfig;
import io.c360.config.SourceKind;
import io.c360.job.RunContext;
import io.c360.job.Step;
import io.c360.job.StepResult;
import io.c360.lake.Lakehouse;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raw to bronze for one source, exactly once. The file ledger ({@code ops.ingested_files}) decides
 * what to read ({@link IngestPlan}); the files are marked pending, read, good records appended to
 * the bronze table with lineage columns and bad ones to {@code ops.quarantine} with a reason, the
 * counts reconciled per file (read = bronze + quarantined, or the step fails), and the files marked
 * committed. A batch left pending by a killed run is removed and its files read again.
 */
public final class IngestStep implements Step {
  private static final Logger LOG = LoggerFactory.getLogger(IngestStep.class);

  private final Lakehouse lake;
  private final SourceConfig source;

  public IngestStep(Lakehouse lake, SourceConfig source) {
    this.lake = lake;
    this.source = source;
  }

  @Override
  public StepResult apply(RunContext run) {
    lake.ensure(OpsTables.QUARANTINE, OpsTables.QUARANTINE_SCHEMA);
    lake.ensure(source.table(), bronzeSchema());
    Ledger ledger = new Ledger(lake, source.name());
    Map<String, IngestPlan.LedgerEntry> entries = ledger.latest();
    Configuration hadoop = lake.spark().sparkContext().hadoopConfiguration();
    List<IngestPlan.LandedFile> landed = new ArrayList<>();
    for (IngestPlan.LandedFile f : LandingFiles.list(lake.env().landing(), source, hadoop)) {
      if (IngestPlan.knownUnchanged(f, entries)) {
        landed.add(f);
      } else {
        FileChecks.Result check = FileChecks.check(f.path(), hadoop);
        landed.add(f.withChecksum(check.sha256(), check.problem()));
      }
    }
    IngestPlan plan = IngestPlan.decide(landed, entries);

    if (!plan.abandonedBatches().isEmpty()) {
      LOG.warn("source {}: removing rows of batches {} left pending by an interrupted run", source.name(),
          plan.abandonedBatches());
      lake.deleteWhere(source.table(), "_batch_id", plan.abandonedBatches());
      lake.deleteWhere(OpsTables.QUARANTINE, "batch_id", plan.abandonedBatches());
    }
    List<Ledger.Entry> reported = new ArrayList<>();
    for (IngestPlan.LandedFile f : plan.changed()) {
      LOG.warn("source {}: {} changed after it was ingested; it is not read again (land changes as new files)",
          source.name(), f.path());
      reported.add(new Ledger.Entry(f, IngestPlan.CHANGED, null, null, null,
          "content changed after it was ingested; not read again"));
    }
    for (IngestPlan.LandedFile f : plan.duplicates()) {
      reported.add(new Ledger.Entry(f, IngestPlan.DUPLICATE, null, null, null, "same content as a file already ingested"));
    }
    for (IngestPlan.LandedFile f : plan.corrupt()) {
      reported.add(new Ledger.Entry(f, IngestPlan.CORRUPT, null, null, 1L, f.problem().orElseThrow()));
    }
    quarantineCorruptFiles(plan.corrupt(), run);

    StepResult read = plan.toRead().isEmpty() ? StepResult.of(0, 0, 0) : read(plan.toRead(), run, ledger);
    ledger.record(reported, run.batchId(), run.runId());
    // A corrupt file counts as one record read and rejected: its one quarantine row.
    int corrupt = plan.corrupt().size();
    return StepResult.of(read.rowsRead() + corrupt, read.rowsWritten(), read.rowsRejected() + corrupt).with("files", plan.toRead().size())
        .with("files_already_ingested", plan.alreadyIngested())
        .with("files_changed", plan.changed().size())
        .with("files_duplicate", plan.duplicates().size())
        .with("files_corrupt", plan.corrupt().size());
  }

  private StepResult read(List<IngestPlan.LandedFile> files, RunContext run, Ledger ledger) {
    List<Ledger.Entry> pending = files.stream()
        .map(f -> new Ledger.Entry(f, IngestPlan.PENDING, null, null, null, null)).toList();
    ledger.record(pending, run.batchId(), run.runId());

    Timestamp now = Timestamp.from(run.startedAt());
    Dataset<Row> records = RawRecords.read(lake.spark(), source, files.stream().map(IngestPlan.LandedFile::path).toList())
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Map<String, long[]> readPerFile = counts(records.groupBy(col("_source_file"))
          .agg(count(lit(1)), count(when(col("_reject_reason").isNotNull(), 1))));
      lake.append(source.table(), bronze(records.where(col("_reject_reason").isNull()), run, now));
      lake.append(OpsTables.QUARANTINE, records.where(col("_reject_reason").isNotNull()).select(
          lit(source.name()).as("source"),
          col("_source_file").as("source_file"),
          col("_reject_reason").as("reason"),
          col("_record").as("record"),
          lit(run.batchId()).as("batch_id"),
          lit(run.runId()).as("run_id"),
          lit(now).as("quarantined_at")));
      Map<String, long[]> writtenPerFile = written(run.batchId());

      long read = 0;
      long rejected = 0;
      List<Ledger.Entry> committed = new ArrayList<>();
      for (IngestPlan.LandedFile f : files) {
        long[] r = readPerFile.getOrDefault(samePath(f.path()), new long[2]);
        long[] w = writtenPerFile.getOrDefault(samePath(f.path()), new long[2]);
        if (r[0] != w[0] + w[1] || r[1] != w[1]) {
          throw new IllegalStateException("source " + source.name() + ": " + f.path() + ": read " + r[0]
              + " records but batch " + run.batchId() + " holds " + w[0] + " in " + source.table() + " and " + w[1]
              + " in " + OpsTables.QUARANTINE + "; the file stays pending and is read again next run");
        }
        read += r[0];
        rejected += r[1];
        committed.add(new Ledger.Entry(f, IngestPlan.COMMITTED, r[0], w[0], w[1], null));
      }
      ledger.record(committed, run.batchId(), run.runId());
      return StepResult.of(read, read - rejected, rejected);
    } finally {
      records.unpersist();
    }
  }

  /** Rows this batch wrote per file: bronze, quarantine. */
  private Map<String, long[]> written(long batchId) {
    Map<String, long[]> out = new HashMap<>();
    for (Row r : lake.read(source.table()).where(col("_batch_id").equalTo(lit(batchId)))
        .groupBy("_source_file").count().collectAsList()) {
      out.computeIfAbsent(samePath(r.getString(0)), k -> new long[2])[0] = r.getLong(1);
    }
    for (Row r : lake.read(OpsTables.QUARANTINE)
        .where(col("batch_id").equalTo(lit(batchId)).and(col("source").equalTo(lit(source.name()))))
        .groupBy("source_file").count().collectAsList()) {
      out.computeIfAbsent(samePath(r.getString(0)), k -> new long[2])[1] = r.getLong(1);
    }
    return out;
  }

  private void quarantineCorruptFiles(List<IngestPlan.LandedFile> corrupt, RunContext run) {
    if (corrupt.isEmpty()) {
      return;
    }
    Timestamp now = Timestamp.from(run.startedAt());
    List<Row> rows = corrupt.stream().map(f -> RowFactory.create(source.name(), f.path(),
        f.problem().orElseThrow() + " (the whole file; it stays in the landing zone)", null, run.batchId(),
        run.runId(), now)).toList();
    lake.append(OpsTables.QUARANTINE, lake.spark().createDataFrame(rows, OpsTables.QUARANTINE_SCHEMA));
  }

  private Dataset<Row> bronze(Dataset<Row> good, RunContext run, Timestamp now) {
    List<Column> cols = new ArrayList<>();
    for (String f : RawRecords.declared(source).fieldNames()) {
      cols.add(col(f));
    }
    if (source.kind() == SourceKind.EVENTS) {
      cols.add(col("_raw"));
    }
    cols.add(lit(source.name()).as("_source"));
    cols.add(col("_source_file"));
    cols.add(lit(now).as("_ingested_at"));
    cols.add(lit(run.batchId()).as("_batch_id"));
    cols.add(sha2(col("_record"), 256).as("_record_hash"));
    return good.select(cols.toArray(Column[]::new));
  }

  private StructType bronzeSchema() {
    StructType schema = RawRecords.declared(source);
    if (source.kind() == SourceKind.EVENTS) {
      schema = schema.add("_raw", "string");
    }
    return schema.add("_source", "string").add("_source_file", "string").add("_ingested_at", "timestamp")
        .add("_batch_id", "bigint").add("_record_hash", "string");
  }

  private static Map<String, long[]> counts(Dataset<Row> grouped) {
    Map<String, long[]> out = new HashMap<>();
    for (Row r : grouped.collectAsList()) {
      out.put(samePath(r.getString(0)), new long[] {r.getLong(1), r.getLong(2)});
    }
    return out;
  }

  /** One spelling for a file whether Spark's metadata column or a Hadoop listing named it. */
  static String samePath(String path) {
    java.net.URI uri = new org.apache.hadoop.fs.Path(path).toUri();
    return (uri.getAuthority() == null ? "" : uri.getAuthority()) + uri.getPath();
  }
}
