package io.c360.job;

import io.c360.config.TableName;
import io.c360.lake.Lakehouse;
import io.c360.lake.OpsRows;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.LoggerFactory;

/**
 * Records runs in ops.step_runs and ops.job_runs. The rows go through the job's {@link OpsRows}:
 * a job writes its step rows, its job row and the rows its steps kept (model runs, quality results)
 * at its end, one commit per table. A job's own rows are also kept in its {@link RunJournal} as they
 * are made, so those of a run that never reached its end are recorded by the next run.
 */
public final class OpsRunLog implements RunLog {
  public static final TableName JOB_RUNS = TableName.of("ops", "job_runs");
  public static final TableName STEP_RUNS = TableName.of("ops", "step_runs");

  static final StructType JOB_RUNS_SCHEMA = new StructType()
      .add("run_id", DataTypes.StringType, false)
      .add("job", DataTypes.StringType, false)
      .add("status", DataTypes.StringType, false)
      .add("started_at", DataTypes.TimestampType, false)
      .add("ended_at", DataTypes.TimestampType, false)
      .add("seconds", DataTypes.DoubleType, false)
      .add("steps", DataTypes.IntegerType, false)
      .add("steps_failed", DataTypes.IntegerType, false)
      .add("steps_skipped", DataTypes.IntegerType, false)
      .add("error", DataTypes.StringType, true);

  static final StructType STEP_RUNS_SCHEMA = new StructType()
      .add("run_id", DataTypes.StringType, false)
      .add("job", DataTypes.StringType, false)
      .add("step", DataTypes.StringType, false)
      .add("kind", DataTypes.StringType, false)
      .add("status", DataTypes.StringType, false)
      .add("started_at", DataTypes.TimestampType, false)
      .add("ended_at", DataTypes.TimestampType, false)
      .add("seconds", DataTypes.DoubleType, false)
      .add("rows_read", DataTypes.LongType, true)
      .add("rows_written", DataTypes.LongType, true)
      .add("rows_rejected", DataTypes.LongType, true)
      .add("figures", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType), true)
      .add("error", DataTypes.StringType, true);

  private static final Map<TableName, StructType> SCHEMAS = Map.of(JOB_RUNS, JOB_RUNS_SCHEMA, STEP_RUNS,
      STEP_RUNS_SCHEMA);

  private final OpsRows ops;
  private final String runId;
  private final RunJournal journal;
  /** This run's job row is kept: a failure after that does not record it again. */
  private boolean ended;
  /** An append failed: the journal holds rows no table does, and stays for the next run. */
  private boolean unrecorded;

  /** @param ops the job's ops rows, flushed when the job finishes */
  public OpsRunLog(OpsRows ops) {
    this(ops, null, null);
  }

  private OpsRunLog(OpsRows ops, String runId, RunJournal journal) {
    this.ops = ops;
    this.runId = runId;
    this.journal = journal;
  }

  /** The log of run {@code runId}, whose rows are kept in its journal in {@code lake} until they are appended. */
  public static OpsRunLog journaled(Lakehouse lake, OpsRows ops, String runId) {
    return new OpsRunLog(ops, runId, RunJournal.of(lake, runId));
  }

  private void keep(TableName table, StructType schema, Row row) {
    ops.append(table, schema, List.of(row));
    if (journal != null) {
      journal.write(table, schema, row);
    }
  }

  /** Appends the rows kept so far; the journal goes once they are in their tables. */
  public void flush() {
    try {
      ops.flush();
    } catch (RuntimeException e) {
      unrecorded = true;
      throw e;
    }
    if (journal != null && !unrecorded) {
      journal.delete();
    }
  }

  /**
   * Records the runs before this one that did not record themselves, and flushes: the run whose
   * lock this one took over ({@code tookOver}, the lock file's fields: its process died) and every
   * run that left a journal (killed, or its rows could not be appended: a full disk). A journal's
   * rows are added unless their table already holds that run's (a run may die between its append
   * and deleting its journal); a run with no job row is recorded {@code abandoned}.
   */
  public void recordEarlierRuns(Lakehouse lake, Optional<Map<String, String>> tookOver, Instant found) {
    List<RunJournal.LeftOver> left;
    try {
      left = RunJournal.leftOver(lake.env().lakehouse(), lake.spark().sparkContext().hadoopConfiguration(), runId,
          SCHEMAS);
    } catch (java.io.IOException e) {
      LoggerFactory.getLogger(OpsRunLog.class).warn("run journals in {} could not be read: {}",
          RunJournal.root(lake.env().lakehouse()), e.getMessage());
      left = List.of();
    }
    if (left.isEmpty() && tookOver.isEmpty()) {
      return;
    }
    Set<String> ids = new java.util.LinkedHashSet<>();
    left.forEach(l -> ids.add(l.runId()));
    tookOver.ifPresent(dead -> ids.add(dead.getOrDefault("run_id", "unknown")));
    Map<TableName, Set<String>> recorded = new java.util.HashMap<>();
    for (TableName table : SCHEMAS.keySet()) {
      recorded.put(table, recordedRuns(lake, table, ids));
    }
    Map<String, List<Row>> steps = new java.util.HashMap<>();
    Set<String> ended = new java.util.HashSet<>(recorded.get(JOB_RUNS));
    for (RunJournal.LeftOver run : left) {
      run.rows().forEach((table, rows) -> {
        if (!recorded.get(table).contains(run.runId())) {
          ops.append(table, SCHEMAS.get(table), rows);
        }
      });
      if (run.rows().containsKey(JOB_RUNS)) {
        ended.add(run.runId());
      }
      steps.put(run.runId(), run.rows().getOrDefault(STEP_RUNS, List.of()));
    }
    tookOver.ifPresent(dead -> {
      String id = dead.getOrDefault("run_id", "unknown");
      if (ended.add(id)) {
        jobAbandoned(id, dead.getOrDefault("job", "unknown"), startedAt(dead, found), found, "its process ("
            + dead.getOrDefault("pid", "?") + " on " + dead.getOrDefault("host", "?")
            + ") ended without finishing the run; found by run " + runId);
      }
    });
    for (RunJournal.LeftOver run : left) {
      List<Row> ran = steps.get(run.runId());
      if (ended.add(run.runId()) && !ran.isEmpty()) {
        jobAbandoned(run.runId(), ran.get(0).getString(1), ran.get(0).getTimestamp(5).toInstant(), found,
            "it ended without recording its end; its steps were found in its run journal by run " + runId);
      }
    }
    ops.flush(); // now: the lock that named a dead run is gone, and this run may be killed too
    RunJournal.deleteAll(lake, left);
  }

  private static Set<String> recordedRuns(Lakehouse lake, TableName table, Set<String> ids) {
    if (!lake.exists(table)) {
      return Set.of();
    }
    Set<String> out = new java.util.HashSet<>();
    lake.read(table).where(org.apache.spark.sql.functions.col("run_id").isin(ids.toArray())).select("run_id")
        .distinct().collectAsList().forEach(r -> out.add(r.getString(0)));
    return out;
  }

  private static Instant startedAt(Map<String, String> lock, Instant otherwise) {
    try {
      return Instant.parse(lock.getOrDefault("started_at", ""));
    } catch (java.time.format.DateTimeParseException e) {
      return otherwise;
    }
  }

  @Override
  public void stepFinished(String runId, String job, StepRun s) {
    StepResult r = s.result();
    Row row = RowFactory.create(runId, job, s.step(), s.kind(), s.status().name().toLowerCase(java.util.Locale.ROOT),
        Timestamp.from(s.startedAt()), Timestamp.from(s.endedAt()), s.seconds(),
        r == null ? null : r.rowsRead(), r == null ? null : r.rowsWritten(), r == null ? null : r.rowsRejected(),
        r == null ? null : r.figures(), s.error());
    keep(STEP_RUNS, STEP_RUNS_SCHEMA, row);
  }

  /**
   * Records a run that never recorded its end: its process died (kill -9, the machine stopped) or
   * it failed outside its steps. Ended is when that was found.
   */
  public void jobAbandoned(String runId, String job, java.time.Instant startedAt, java.time.Instant found,
      String error) {
    Row row = RowFactory.create(runId, job, "abandoned", Timestamp.from(startedAt), Timestamp.from(found),
        java.time.Duration.between(startedAt, found).toMillis() / 1000.0, 0, 0, 0, error);
    if (runId.equals(this.runId)) {
      if (!ended) {
        ended = true;
        keep(JOB_RUNS, JOB_RUNS_SCHEMA, row);
      }
    } else {
      ops.append(JOB_RUNS, JOB_RUNS_SCHEMA, List.of(row));
    }
  }

  @Override
  public void jobFinished(JobRun run) {
    int failed = (int) run.steps().stream().filter(s -> s.status() == StepRun.Status.FAILED).count();
    int skipped = (int) run.steps().stream().filter(s -> s.status() == StepRun.Status.SKIPPED).count();
    String error = run.firstFailure().map(f -> f.step() + ": " + f.error()).orElse(null);
    Row row = RowFactory.create(run.runId(), run.job(), run.status(), Timestamp.from(run.startedAt()),
        Timestamp.from(run.endedAt()), run.seconds(), run.steps().size(), failed, skipped, error);
    ended = true;
    keep(JOB_RUNS, JOB_RUNS_SCHEMA, row);
    flush();
  }
}
