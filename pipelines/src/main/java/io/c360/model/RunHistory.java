package io.c360.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

import io.c360.config.ModelSpec;
import io.c360.config.TableName;
import io.c360.job.RunContext;
import io.c360.lake.Lakehouse;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs of incremental tables, in ops.model_runs: what the last run of a table saw (its highest
 * input batch, its definition) decides whether the next one merges the batches after it or
 * rebuilds ({@link ModelRunPlan}). SQL models and the identity step share it.
 */
public final class RunHistory {
  private static final Logger LOG = LoggerFactory.getLogger(RunHistory.class);

  /** The strategy recorded for a bronze table whose rows a reingested file replaced ({@link #recordReplaced}). */
  public static final String REINGEST = "reingest";

  private final Lakehouse lake;
  private final io.c360.lake.OpsRows ops;
  /** The recorded runs, read once and then kept up to date by {@link #record}; null until read. */
  private List<ModelRunPlan.RecordedRun> runs;

  /**
   * A history for one job run (or one step): ops.model_runs is read at its first plan and then
   * kept in memory with the runs this history records, so a job's steps share one read. Only for
   * as long as nothing else writes ops.model_runs: a job holds the lakehouse's run lock.
   */
  public RunHistory(Lakehouse lake) {
    this(lake, io.c360.lake.OpsRows.immediate(lake));
  }

  /**
   * @param ops where the runs and their quality results are written: a job keeps them until its end
   *     (one commit per table); the runs recorded are planned from at once all the same
   */
  public RunHistory(Lakehouse lake, io.c360.lake.OpsRows ops) {
    this.lake = lake;
    this.ops = ops;
  }

  /** Where a run's records go (its quality results too). */
  io.c360.lake.OpsRows ops() {
    return ops;
  }

  /**
   * Whether this run of {@code spec}'s table rebuilds it or merges, and from which batch.
   *
   * @param definition a hash of what makes the table's rows
   */
  public ModelRunPlan plan(ModelSpec spec, RunContext run, String definition) {
    List<String> inputs = spec.inputs().stream().map(TableName::toString).toList();
    List<ModelRunPlan.RecordedRun> runs = recordedRuns();
    ModelRunPlan.LastRun last = ModelRunPlan.lastRun(spec.model(), runs);
    boolean inputRebuilt = spec.incremental() && ModelRunPlan.inputRebuiltSince(last, inputs, runs);
    if (inputRebuilt && !run.fullRefresh()) {
      LOG.info("{}: an input was rebuilt since its last run; the table is rebuilt", spec.model());
    }
    ModelRunPlan plan = ModelRunPlan.decide(spec, run.fullRefresh(), lake.exists(TableName.parse(spec.model())), last,
        definition, inputRebuilt);
    if (plan.replace() && spec.incremental() && !run.fullRefresh()
        && last.definition().map(d -> !d.equals(definition)).orElse(false)) {
      LOG.warn("{}: its SQL, YAML, rules or as-of day changed since its last run; the table is rebuilt", spec.model());
    }
    return plan;
  }

  /** Records a run: the next run of the table reads the batches after {@code until}. */
  public void record(String model, RunContext run, String strategy, boolean replaced, long since, Optional<Long> until,
      long rowsIn, long rowsDropped, long rowsInTable, String definition) {
    // Delta keeps microseconds: the time kept in memory is the one the table holds.
    java.time.Instant at = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    // Read before the run is added: a job's rows reach the table only at its end, so what it plans
    // from is what was read once plus what it recorded since.
    List<ModelRunPlan.RecordedRun> known = recordedRuns();
    ops.append(ModelOps.MODEL_RUNS, ModelOps.MODEL_RUNS_SCHEMA, List.of(RowFactory.create(model,
        run.runId(), strategy, replaced, since, until.orElse(null), rowsIn, rowsDropped, rowsInTable,
        definition, Timestamp.from(at))));
    known.add(new ModelRunPlan.RecordedRun(model, strategy, replaced, until, Optional.ofNullable(definition), at));
  }

  /**
   * Records that rows of a bronze {@code table} were replaced, not only appended (a landed file read
   * again, {@code on-change: reingest}), as a run of strategy {@link #REINGEST} that replaced the
   * table: the models that read it rebuild at their next run, as after any input rebuilt, so a
   * record the new version of the file no longer holds leaves them too. Written at once, whatever
   * the job's ops rows wait for: the ingest records its files done only after this, so a run killed
   * in between reads the file again and records it again.
   *
   * @param rowsIn the rows the replacing batch wrote
   */
  public void recordReplaced(TableName table, RunContext run, long rowsIn) {
    java.time.Instant at = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    List<ModelRunPlan.RecordedRun> known = recordedRuns();
    io.c360.lake.OpsRows.immediate(lake).append(ModelOps.MODEL_RUNS, ModelOps.MODEL_RUNS_SCHEMA,
        List.of(RowFactory.create(table.toString(), run.runId(), REINGEST, true, run.batchId(), run.batchId(), rowsIn,
            0L, lake.read(table).count(), null, Timestamp.from(at))));
    known.add(new ModelRunPlan.RecordedRun(table.toString(), REINGEST, true, Optional.of(run.batchId()),
        Optional.empty(), at));
  }

  /**
   * What planning needs of ops.model_runs, read once: each model's newest run, and its newest run
   * that replaced a table not rebuilt by design (a first run, a full refresh, a changed definition,
   * a run over models.rebuild-share): whether an input was replaced after a model's last run only
   * needs the input's newest replacement. Older runs are left in the table, so what comes to the
   * driver is at most two rows per model, however many runs there were. {@link ModelRunPlan}
   * decides from these.
   */
  private List<ModelRunPlan.RecordedRun> recordedRuns() {
    if (runs != null) {
      return runs;
    }
    lake.ensure(ModelOps.MODEL_RUNS, ModelOps.MODEL_RUNS_SCHEMA);
    Dataset<Row> table = lake.read(ModelOps.MODEL_RUNS);
    Column definition = Arrays.asList(table.columns()).contains("definition_hash")
        ? col("definition_hash") : lit(null).cast("string"); // tables written before the column existed
    Column replaced = col("is_full_refresh").and(col("strategy").notEqual(lit(ModelSpec.Strategy.REBUILD.id())));
    org.apache.spark.sql.expressions.WindowSpec byModel = org.apache.spark.sql.expressions.Window.partitionBy("model");
    Dataset<Row> wanted = table
        .withColumn("_newest", max(col("recorded_at")).over(byModel))
        .withColumn("_newest_replaced", max(when(replaced, col("recorded_at"))).over(byModel))
        .where(col("recorded_at").equalTo(col("_newest"))
            .or(replaced.and(col("recorded_at").equalTo(col("_newest_replaced")))));
    runs = new ArrayList<>();
    for (Row r : wanted.select(col("model"), col("strategy"), col("is_full_refresh"), col("until_batch_id"),
        definition, col("recorded_at")).collectAsList()) {
      runs.add(new ModelRunPlan.RecordedRun(r.getString(0), r.getString(1), r.getBoolean(2),
          r.isNullAt(3) ? Optional.empty() : Optional.of(r.getLong(3)), Optional.ofNullable(r.getString(4)),
          r.getTimestamp(5).toInstant()));
    }
    return runs;
  }

  /** The highest batch in the inputs now, before reading them: the next run starts after it. */
  public Optional<Long> latestBatch(List<TableName> inputs) {
    Long latest = null;
    for (TableName input : inputs) {
      if (!lake.exists(input)) {
        continue;
      }
      Row r = lake.read(input).agg(max(col("_batch_id"))).first();
      if (!r.isNullAt(0)) {
        latest = latest == null ? r.getLong(0) : Math.max(latest, r.getLong(0));
      }
    }
    return Optional.ofNullable(latest);
  }
}
