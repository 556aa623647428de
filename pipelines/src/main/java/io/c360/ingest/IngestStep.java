package io.c360.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.sum;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raw to bronze for one source: reads the files not yet in {@code ops.ingested_files}, appends good
 * records to the bronze table with lineage columns, bad ones to {@code ops.quarantine} with a
 * reason, and records each file in the ledger so a re-run adds nothing.
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
    lake.ensure(OpsTables.INGESTED_FILES, OpsTables.INGESTED_FILES_SCHEMA);
    lake.ensure(OpsTables.QUARANTINE, OpsTables.QUARANTINE_SCHEMA);
    List<LandingFiles.LandedFile> landed = LandingFiles.list(lake.env().landing(), source,
        lake.spark().sparkContext().hadoopConfiguration());
    Map<String, Row> ledger = ledger();
    List<LandingFiles.LandedFile> fresh = new ArrayList<>();
    long changed = 0;
    for (LandingFiles.LandedFile f : landed) {
      Row seen = ledger.get(f.path());
      if (seen == null) {
        fresh.add(f);
      } else if (seen.getLong(1) != f.size()) {
        changed++;
        LOG.warn("source {}: {} changed after it was ingested (size {} then, {} now); not read again",
            source.name(), f.path(), seen.getLong(1), f.size());
      }
    }
    if (fresh.isEmpty()) {
      lake.ensure(source.table(), bronzeSchema());
      return StepResult.of(0, 0, 0).with("files", 0).with("changed_files", changed);
    }
    Dataset<Row> records = RawRecords.read(lake.spark(), source, fresh.stream().map(LandingFiles.LandedFile::path).toList())
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Map<String, long[]> perFile = countPerFile(records);
      Timestamp now = Timestamp.from(run.startedAt());
      Dataset<Row> good = records.where(col("_reject_reason").isNull());
      lake.append(source.table(), bronze(good, run, now));
      Dataset<Row> bad = records.where(col("_reject_reason").isNotNull());
      lake.append(OpsTables.QUARANTINE, bad.select(
          lit(source.name()).as("source"),
          col("_source_file").as("source_file"),
          col("_reject_reason").as("reason"),
          col("_record").as("record"),
          lit(run.batchId()).as("batch_id"),
          lit(run.runId()).as("run_id"),
          lit(now).as("quarantined_at")));
      long read = 0;
      long rejected = 0;
      List<Row> entries = new ArrayList<>();
      for (LandingFiles.LandedFile f : fresh) {
        long[] c = perFile.getOrDefault(samePath(f.path()), new long[2]);
        read += c[0];
        rejected += c[1];
        entries.add(RowFactory.create(source.name(), f.path(), f.size(), new Timestamp(f.modifiedAt()),
            run.batchId(), run.runId(), c[0], c[0] - c[1], c[1], now));
      }
      lake.append(OpsTables.INGESTED_FILES, lake.spark().createDataFrame(entries, OpsTables.INGESTED_FILES_SCHEMA));
      return StepResult.of(read, read - rejected, rejected).with("files", fresh.size()).with("changed_files", changed);
    } finally {
      records.unpersist();
    }
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

  private org.apache.spark.sql.types.StructType bronzeSchema() {
    var schema = RawRecords.declared(source);
    if (source.kind() == SourceKind.EVENTS) {
      schema = schema.add("_raw", "string");
    }
    return schema.add("_source", "string").add("_source_file", "string").add("_ingested_at", "timestamp")
        .add("_batch_id", "bigint").add("_record_hash", "string");
  }

  /** Per file: records read and records rejected, in one pass. */
  private static Map<String, long[]> countPerFile(Dataset<Row> records) {
    Map<String, long[]> out = new HashMap<>();
    for (Row r : records.groupBy(col("_source_file"))
        .agg(count(lit(1)).as("n"), sum(when(col("_reject_reason").isNotNull(), 1).otherwise(0)).as("bad"))
        .collectAsList()) {
      out.put(samePath(r.getString(0)), new long[] {r.getLong(1), r.getLong(2)});
    }
    return out;
  }

  /** One spelling for a file whether Spark's metadata column or a Hadoop listing named it. */
  static String samePath(String path) {
    java.net.URI uri = new org.apache.hadoop.fs.Path(path).toUri();
    return (uri.getAuthority() == null ? "" : uri.getAuthority()) + uri.getPath();
  }

  /** Files this source already ingested: path to (path, size). */
  private Map<String, Row> ledger() {
    Map<String, Row> out = new HashMap<>();
    Set<String> seen = new HashSet<>();
    for (Row r : lake.read(OpsTables.INGESTED_FILES).where(col("source").equalTo(lit(source.name())))
        .select("file_path", "file_size").collectAsList()) {
      if (seen.add(r.getString(0))) {
        out.put(r.getString(0), r);
      }
    }
    return out;
  }
}
