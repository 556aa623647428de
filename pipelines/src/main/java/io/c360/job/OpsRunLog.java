package io.c360.job;

import io.c360.config.TableName;
import io.c360.lake.OpsRows;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Records runs in ops.step_runs and ops.job_runs. The rows go through the job's {@link OpsRows}:
 * a job writes its step rows, its job row and the rows its steps kept (model runs, quality results)
 * at its end, one commit per table.
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

  private final OpsRows ops;

  /** @param ops the job's ops rows, flushed when the job finishes */
  public OpsRunLog(OpsRows ops) {
    this.ops = ops;
  }

  @Override
  public void stepFinished(String runId, String job, StepRun s) {
    StepResult r = s.result();
    Row row = RowFactory.create(runId, job, s.step(), s.kind(), s.status().name().toLowerCase(java.util.Locale.ROOT),
        Timestamp.from(s.startedAt()), Timestamp.from(s.endedAt()), s.seconds(),
        r == null ? null : r.rowsRead(), r == null ? null : r.rowsWritten(), r == null ? null : r.rowsRejected(),
        r == null ? null : r.figures(), s.error());
    ops.append(STEP_RUNS, STEP_RUNS_SCHEMA, List.of(row));
  }

  /**
   * Records a run that never recorded its end: its process died (kill -9, the machine stopped) or
   * it failed outside its steps. Ended is when that was found.
   */
  public void jobAbandoned(String runId, String job, java.time.Instant startedAt, java.time.Instant found,
      String error) {
    Row row = RowFactory.create(runId, job, "abandoned", Timestamp.from(startedAt), Timestamp.from(found),
        java.time.Duration.between(startedAt, found).toMillis() / 1000.0, 0, 0, 0, error);
    ops.append(JOB_RUNS, JOB_RUNS_SCHEMA, List.of(row));
  }

  @Override
  public void jobFinished(JobRun run) {
    int failed = (int) run.steps().stream().filter(s -> s.status() == StepRun.Status.FAILED).count();
    int skipped = (int) run.steps().stream().filter(s -> s.status() == StepRun.Status.SKIPPED).count();
    String error = run.firstFailure().map(f -> f.step() + ": " + f.error()).orElse(null);
    Row row = RowFactory.create(run.runId(), run.job(), run.status(), Timestamp.from(run.startedAt()),
        Timestamp.from(run.endedAt()), run.seconds(), run.steps().size(), failed, skipped, error);
    ops.append(JOB_RUNS, JOB_RUNS_SCHEMA, List.of(row));
    ops.flush();
  }
}
