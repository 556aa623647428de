package io.c360.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import io.c360.config.ModelSpec;
import io.c360.config.TableName;
import io.c360.job.RunContext;
import io.c360.lake.Lakehouse;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
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

  private final Lakehouse lake;

  public RunHistory(Lakehouse lake) {
    this.lake = lake;
    lake.ensure(ModelOps.MODEL_RUNS, ModelOps.MODEL_RUNS_SCHEMA);
  }

  /**
   * Whether this run of {@code spec}'s table rebuilds it or merges, and from which batch.
   *
   * @param definition a hash of what makes the table's rows
   */
  public ModelRunPlan plan(ModelSpec spec, RunContext run, String definition) {
    ModelRunPlan.LastRun last = lastRun(spec);
    boolean inputRebuilt = spec.incremental() && inputRebuiltSinceLastRun(spec);
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
    lake.append(ModelOps.MODEL_RUNS, lake.spark().createDataFrame(List.of(RowFactory.create(model,
        run.runId(), strategy, replaced, since, until.orElse(null), rowsIn, rowsDropped, rowsInTable,
        definition, Timestamp.from(java.time.Instant.now()))), ModelOps.MODEL_RUNS_SCHEMA));
  }

  /** The highest input batch the table's last recorded run had seen, and its definition. */
  private ModelRunPlan.LastRun lastRun(ModelSpec spec) {
    Dataset<Row> runs = lake.read(ModelOps.MODEL_RUNS).where(col("model").equalTo(spec.model()));
    String definitionColumn = Arrays.asList(runs.columns()).contains("definition_hash")
        ? "definition_hash" : null; // tables written before the column existed
    List<Row> last = runs.orderBy(col("recorded_at").desc())
        .select(col("until_batch_id"), definitionColumn == null ? lit(null).cast("string") : col(definitionColumn),
            col("recorded_at"))
        .limit(1).collectAsList();
    if (last.isEmpty()) {
      return ModelRunPlan.LastRun.NONE;
    }
    Row r = last.get(0);
    return new ModelRunPlan.LastRun(r.isNullAt(0) ? Optional.empty() : Optional.of(r.getLong(0)),
        Optional.ofNullable(r.getString(1)), Optional.of(r.getTimestamp(2).toInstant()));
  }

  /**
   * Whether a model among the inputs replaced its table after this table's last recorded run: its
   * rows were all written again, so reading "after the last batch" would miss changes.
   */
  private boolean inputRebuiltSinceLastRun(ModelSpec spec) {
    List<String> inputs = spec.inputs().stream().map(TableName::toString).toList();
    Dataset<Row> runs = lake.read(ModelOps.MODEL_RUNS);
    Row last = runs.where(col("model").equalTo(spec.model())).agg(max(col("recorded_at"))).first();
    if (last.isNullAt(0)) {
      return false;
    }
    // A model rebuilt on every run by design (strategy rebuild) is not a reason: its rows change only
    // with its own inputs, which the model reads too.
    return !runs.where(col("model").isin(inputs.toArray()).and(col("is_full_refresh"))
        .and(col("strategy").notEqual(ModelSpec.Strategy.REBUILD.id()))
        .and(col("recorded_at").gt(lit(last.getTimestamp(0))))).isEmpty();
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
