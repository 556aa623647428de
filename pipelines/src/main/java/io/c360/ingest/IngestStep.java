package io.c360.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import io.c360.config.SourceConfig;
import io.c360.config.SourceKind;
import io.c360.job.RunContext;
import io.c360.job.Step;
import io.c360.job.StepResult;
import io.c360.lake.Lakehouse;
import io.c360.privacy.SuppressionList;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
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
  private final SuppressionList suppression;
  private final LedgerCache ledger;
  private final io.c360.model.RunHistory history;

  /**
   * @param suppression erased people's identifiers: their records are dropped at the door, counted
   *     (figure {@code suppressed_records}) and never logged or quarantined
   */
  public IngestStep(Lakehouse lake, SourceConfig source, SuppressionList suppression) {
    this(lake, source, suppression, null);
  }

  /** @param ledger what the job's ingest steps have read of ops.ingested_files; null: read it here */
  public IngestStep(Lakehouse lake, SourceConfig source, SuppressionList suppression, LedgerCache ledger) {
    this(lake, source, suppression, ledger, new io.c360.model.RunHistory(lake));
  }

  /**
   * @param history the job's run history: a file read again to replace its rows is recorded there,
   *     so the models reading the source's table rebuild at their next run
   */
  public IngestStep(Lakehouse lake, SourceConfig source, SuppressionList suppression, LedgerCache ledger,
      io.c360.model.RunHistory history) {
    this.lake = lake;
    this.source = source;
    this.suppression = suppression;
    this.ledger = ledger;
    this.history = history;
  }

  /** The columns of a source's bronze table: declared, the kind's own (e.g. {@code _raw}), then lineage. */
  public static org.apache.spark.sql.types.StructType bronzeSchema(SourceConfig source) {
    return BronzeBatch.schema(source);
  }

  /**
   * Creates the source's bronze table, empty, if it does not exist yet: models that read a source
   * whose ingest step is not scheduled (a database not set up in this deployment) read no rows.
   */
  public static void ensureBronze(Lakehouse lake, SourceConfig source) {
    lake.ensure(source.table(), BronzeBatch.schema(source), BronzeBatch.tableProperties(source));
  }

  @Override
  public StepResult apply(RunContext run) {
    lake.ensure(OpsTables.QUARANTINE, OpsTables.QUARANTINE_SCHEMA);
    ensureBronze(lake, source);
    if (source.kind() == SourceKind.JDBC) {
      return new JdbcIngest(lake, source, suppression).apply(run);
    }
    Ledger ledger = new Ledger(lake, source.name(), this.ledger);
    Map<String, IngestPlan.LedgerEntry> entries = ledger.latest();
    Configuration hadoop = lake.spark().sparkContext().hadoopConfiguration();
    long started = System.nanoTime();
    boolean folderMissing = !LandingFiles.folderExists(lake.env().landing(), source, hadoop);
    if (folderMissing) {
      LOG.warn("source {}: landing folder {} does not exist; no files read", source.name(),
          source.folder(lake.env().landing()));
    }
    LandingFiles.Listing listing = LandingFiles.listing(lake.env().landing(), source, hadoop);
    List<IngestPlan.LandedFile> listed = listing.files();
    if (!listing.notMatched().isEmpty()) {
      LOG.warn("source {}: {} files in its folder are not read, as their names do not match {}: {}", source.name(),
          listing.notMatched().size(), source.files(), String.join(", ", listing.notMatched()));
    }
    Map<String, FileChecks.Result> checks = FileChecks.check(lake.spark(),
        listed.stream().filter(f -> !IngestPlan.knownUnchanged(f, entries, source.reingestChanged()))
            .map(IngestPlan.LandedFile::path).toList(),
        source, false);
    List<IngestPlan.LandedFile> landed = new ArrayList<>();
    for (IngestPlan.LandedFile f : listed) {
      FileChecks.Result check = checks.get(f.path());
      if (check != null && check.problem().isEmpty() && source.kind() == SourceKind.PARQUET) {
        check = new FileChecks.Result(check.sha256(), ParquetSchemaCheck.problem(lake.spark(), f.path(), source));
      }
      landed.add(check == null ? f : f.withChecksum(check.sha256(), f.problem().or(check::problem)));
    }
    IngestPlan plan = IngestPlan.decide(landed, entries, source.reingestChanged());
    LOG.info("source {}: {} files listed and checked in {} ms: {} to read, {} already ingested", source.name(),
        landed.size(), (System.nanoTime() - started) / 1_000_000, plan.toRead().size(), plan.alreadyIngested());

    if (!plan.abandonedBatches().isEmpty()) {
      LOG.warn("source {}: removing rows of batches {} left pending by an interrupted run", source.name(),
          plan.abandonedBatches());
      lake.deleteBatches(source.table(), "_batch_id", plan.abandonedBatches(), null, null);
      lake.deleteBatches(OpsTables.QUARANTINE, "batch_id", plan.abandonedBatches(), "source", source.name());
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
    for (IngestPlan.LandedFile f : plan.reingest()) {
      LOG.info("source {}: {} changed after it was ingested; its rows are replaced (on-change: reingest)",
          source.name(), f.path());
    }
    // Files to read and corrupt files (whose quarantine rows this batch writes) are pending until the
    // batch commits: a run killed in between leaves them to the next run's clean-up. A file read again
    // is marked so: the next run then replaces its rows again.
    List<Ledger.Entry> pending = new ArrayList<>();
    plan.toRead().forEach(f -> pending.add(new Ledger.Entry(f, IngestPlan.PENDING, null, null, null, null)));
    plan.corrupt().forEach(f -> pending.add(new Ledger.Entry(f, IngestPlan.PENDING, null, null, null, null)));
    plan.reingest().forEach(f -> pending.add(new Ledger.Entry(f, IngestPlan.REINGESTING, null, null, null,
        "content changed after it was ingested; its rows are being replaced")));
    ledger.record(pending, run.batchId(), run.runId());
    Map<String, Long> rejectedLines = quarantineCorruptFiles(plan.corrupt(), run);
    for (IngestPlan.LandedFile f : plan.corrupt()) {
      long rows = rejectedLines.get(f.path());
      reported.add(new Ledger.Entry(f, IngestPlan.CORRUPT, rows, 0L, rows, f.problem().orElseThrow()));
    }

    List<IngestPlan.LandedFile> toRead = new ArrayList<>(plan.toRead());
    toRead.addAll(plan.reingest());
    Set<String> replacing = plan.reingest().stream().map(IngestPlan.LandedFile::path).collect(Collectors.toSet());
    List<IngestPlan.LandedFile> corrupt = new ArrayList<>(plan.corrupt());
    StepResult read = null;
    if (!toRead.isEmpty()) {
      try {
        read = read(toRead, replacing, run, ledger, reported);
      } catch (Exception e) { // Spark's SparkException is checked, thrown from Scala undeclared
        List<IngestPlan.LandedFile> unreadable = unreadable(toRead, e);
        Set<String> paths = unreadable.stream().map(IngestPlan.LandedFile::path).collect(Collectors.toSet());
        LOG.warn("source {}: {} of {} files do not decompress; they are set aside and the rest read again",
            source.name(), unreadable.size(), toRead.size());
        Map<String, Long> rows = quarantineCorruptFiles(unreadable, run);
        rejectedLines.putAll(rows);
        for (IngestPlan.LandedFile f : unreadable) {
          reported.add(new Ledger.Entry(f, IngestPlan.CORRUPT, rows.get(f.path()), 0L, rows.get(f.path()),
              f.problem().orElseThrow()));
        }
        corrupt.addAll(unreadable);
        toRead = toRead.stream().filter(f -> !paths.contains(f.path())).toList();
        if (!toRead.isEmpty()) {
          read = read(toRead, replacing, run, ledger, reported);
        }
      }
    }
    if (read == null) {
      ledger.record(reported, run.batchId(), run.runId());
      read = StepResult.of(0, 0, 0);
    }
    // A corrupt file's quarantine rows (its lines, or one for the file) count as read and rejected.
    long rejected = rejectedLines.values().stream().mapToLong(Long::longValue).sum();
    StepResult result = new StepResult(read.rowsRead() + rejected, read.rowsWritten(), read.rowsRejected() + rejected,
        read.figures())
        .with("files", plan.toRead().size() + plan.reingest().size() - (corrupt.size() - plan.corrupt().size()))
        .with("files_reingested", plan.reingest().size())
        .with("files_already_ingested", plan.alreadyIngested())
        .with("files_changed", plan.changed().size())
        .with("files_duplicate", plan.duplicates().size())
        .with("files_corrupt", corrupt.size())
        .with("files_not_matched", listing.notMatched().size());
    return folderMissing ? missingFolder(result) : result;
  }

  /** A run that found no landing folder says so (figure {@code landing_folder_missing}) rather than only "read 0". */
  private StepResult missingFolder(StepResult result) {
    return result.with("landing_folder_missing", 1)
        .withWarning("source " + source.name() + ": landing folder " + source.folder(lake.env().landing())
            + " does not exist; no files read (see path in " + source.origin() + " and paths.landing)");
  }

  /**
   * The files of a failed read that a deep check finds unreadable (a truncated or corrupt gzip),
   * with their problem; rethrows {@code failure} when there are none, as it has another cause.
   */
  private List<IngestPlan.LandedFile> unreadable(List<IngestPlan.LandedFile> files, Exception failure) {
    if (!causedByInput(failure) || files.stream().noneMatch(f -> f.path().endsWith(".gz"))) {
      throw IngestStep.<RuntimeException>rethrow(failure);
    }
    Map<String, FileChecks.Result> deep = FileChecks.check(lake.spark(),
        files.stream().map(IngestPlan.LandedFile::path).toList(), source, true);
    List<IngestPlan.LandedFile> out = new ArrayList<>();
    for (IngestPlan.LandedFile f : files) {
      FileChecks.Result r = deep.get(f.path());
      if (r.problem().isPresent()) {
        out.add(f.withChecksum(r.sha256(), r.problem()));
      }
    }
    if (out.isEmpty()) {
      throw IngestStep.<RuntimeException>rethrow(failure);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static <T extends Exception> T rethrow(Exception e) throws T {
    throw (T) e;
  }

  /**
   * True when reading input failed: Hadoop's gzip codecs report a truncated stream as an
   * EOFException but a CRC mismatch, bad compressed data or a non-gzip file as a plain IOException.
   */
  private static boolean causedByInput(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.io.IOException) {
        return true;
      }
    }
    return false;
  }

  /** Reads, writes and reconciles the files; records them committed, with {@code reported} in the same commit. */
  private StepResult read(List<IngestPlan.LandedFile> files, Set<String> replacing, RunContext run, Ledger ledger,
      List<Ledger.Entry> reported) {
    long started = System.nanoTime();

    Dataset<Row> records = RawRecords.read(lake.spark(), source, files.stream().map(IngestPlan.LandedFile::path).toList())
        .withColumn("_suppressed", suppression.matches(source))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Map<String, long[]> readPerFile = counts(records.groupBy(col("_source_file"))
          .agg(count(lit(1)), count(when(col("_reject_reason").isNotNull().and(not(col("_suppressed"))), 1)),
              count(when(col("_suppressed"), 1))));
      long t0 = System.nanoTime();
      BronzeBatch batch = new BronzeBatch(lake, source, run);
      boolean anyRejected = readPerFile.values().stream().anyMatch(r -> r[1] > 0);
      batch.write(records, source.evolveSchema() ? SchemaDrift.newColumns(records, source) : List.of(), anyRejected,
          replacing);
      long t1 = System.nanoTime();
      Map<String, long[]> writtenPerFile = batch.writtenPerFile();
      LOG.info("source {}: counted in {} ms, wrote in {} ms, reconciled in {} ms", source.name(),
          (t0 - started) / 1_000_000, (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);

      long read = 0;
      long quarantined = 0;
      long suppressed = 0;
      List<Ledger.Entry> committed = new ArrayList<>(reported);
      for (IngestPlan.LandedFile f : files) {
        long[] r = readPerFile.getOrDefault(BronzeBatch.samePath(f.path()), new long[3]);
        long[] w = writtenPerFile.getOrDefault(BronzeBatch.samePath(f.path()), new long[2]);
        if (r[0] != w[0] + w[1] + r[2] || r[1] != w[1]) {
          throw new IllegalStateException("source " + source.name() + ": " + f.path() + ": read " + r[0]
              + " records (" + r[2] + " of erased people) but batch " + run.batchId() + " holds " + w[0] + " in "
              + source.table() + " and " + w[1] + " in " + OpsTables.QUARANTINE
              + "; the file stays pending and is read again next run");
        }
        read += r[0];
        quarantined += r[1];
        suppressed += r[2];
        String note = replacing.contains(f.path()) ? "content changed after it was ingested; its rows were replaced" : null;
        if (r[2] > 0) {
          note = (note == null ? "" : note + "; ") + r[2] + " records of erased people dropped";
        }
        committed.add(new Ledger.Entry(f, IngestPlan.COMMITTED, r[0], w[0], w[1], note));
      }
      if (!replacing.isEmpty()) {
        history.recordReplaced(source.table(), run, writtenPerFile.values().stream().mapToLong(w -> w[0]).sum());
      }
      ledger.record(committed, run.batchId(), run.runId());
      return StepResult.of(read, read - quarantined - suppressed, quarantined + suppressed)
          .with("suppressed_records", suppressed);
    } finally {
      records.unpersist();
    }
  }

  /**
   * Quarantines files rejected as a whole ({@link RejectedFile}): each line of one whose lines can
   * be read, otherwise one row for the file. Returns the rows written per file.
   */
  private Map<String, Long> quarantineCorruptFiles(List<IngestPlan.LandedFile> corrupt, RunContext run) {
    Map<String, Long> out = new HashMap<>();
    Timestamp now = Timestamp.from(run.startedAt());
    List<Row> whole = new ArrayList<>();
    for (IngestPlan.LandedFile f : corrupt) {
      String problem = f.problem().orElseThrow();
      if (RejectedFile.byLine(problem)) {
        long lines = quarantineLines(f, RejectedFile.reason(source.kind(), problem, true), run, now);
        if (lines > 0) {
          out.put(f.path(), lines);
          continue;
        }
      }
      whole.add(RowFactory.create(source.name(), f.path(), RejectedFile.reason(source.kind(), problem, false), null,
          run.batchId(), run.runId(), now));
      out.put(f.path(), 1L);
    }
    if (!whole.isEmpty()) {
      lake.append(OpsTables.QUARANTINE, lake.spark().createDataFrame(whole, OpsTables.QUARANTINE_SCHEMA));
    }
    return out;
  }

  /**
   * Writes each line of a file to quarantine with {@code reason}; returns how many, or 0 when there
   * are none or they cannot be read (the file does not decompress), leaving one row to the caller.
   */
  private long quarantineLines(IngestPlan.LandedFile f, String reason, RunContext run, Timestamp now) {
    Dataset<Row> lines = lake.spark().read().text(RawRecords.literalPath(f.path())).select(
        lit(source.name()).as("source"), lit(f.path()).as("source_file"), lit(reason).as("reason"),
        col("value").as("record"), lit(run.batchId()).as("batch_id"), lit(run.runId()).as("run_id"),
        lit(now).as("quarantined_at"));
    long count;
    try {
      count = lines.count();
    } catch (Exception e) { // as in apply: Spark's exceptions are thrown undeclared
      if (!causedByInput(e)) {
        throw IngestStep.<RuntimeException>rethrow(e);
      }
      LOG.warn("source {}: {} does not decompress; it is quarantined as one row", source.name(), f.path());
      return 0;
    }
    if (count > 0) {
      lake.append(OpsTables.QUARANTINE, lines);
    }
    return count;
  }

  private static Map<String, long[]> counts(Dataset<Row> grouped) {
    Map<String, long[]> out = new HashMap<>();
    for (Row r : grouped.collectAsList()) {
      out.put(BronzeBatch.samePath(r.getString(0)), new long[] {r.getLong(1), r.getLong(2), r.getLong(3)});
    }
    return out;
  }

}
