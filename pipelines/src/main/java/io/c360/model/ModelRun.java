package io.c360.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.c360.config.ModelSpec;
import io.c360.config.TableName;
import io.c360.ingest.OpsTables;
import io.c360.job.RunContext;
import io.c360.job.StepResult;
import io.c360.lake.Lakehouse;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a model's table: reads what is new in its inputs since its last run (or everything,
 * when the table is rebuilt every run or on a full refresh; {@link ModelRunPlan}), checks the
 * model's expectations, writes the table by its strategy ({@link ModelWriter}) and records the run
 * in ops.model_runs and its quality (expectations, completeness, uniqueness) in ops.quality_results.
 * SQL models ({@link ModelStep}) and steps that build a table in Java (silver.identifiers) share it.
 */
public final class ModelRun {
  private static final Logger LOG = LoggerFactory.getLogger(ModelRun.class);

  private final Lakehouse lake;
  private final ModelSpec spec;
  private final String origin;

  private final String definition;
  private final RunHistory history;

  /**
   * @param origin how errors name where the rows come from, e.g. sql/silver/orders.sql
   * @param definition what makes the model's rows (its SQL and YAML text, the rules its functions
   *     use): when it changes, the next run rebuilds the table instead of merging
   */
  public ModelRun(Lakehouse lake, ModelSpec spec, String origin, String definition) {
    this(lake, spec, origin, definition, new RunHistory(lake));
  }

  /** @param history the job's run history, shared by its steps (one read of ops.model_runs a job) */
  public ModelRun(Lakehouse lake, ModelSpec spec, String origin, String definition, RunHistory history) {
    this.lake = lake;
    this.spec = spec;
    this.origin = origin;
    this.definition = sha256(definition);
    this.history = history;
  }

  /** SHA-256 of a definition's text, in hex: what ops.model_runs records. */
  public static String sha256(String text) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs the model.
   *
   * @param rowsSince the model's rows from its inputs' batches after the given one (-1: all)
   */
  public StepResult apply(RunContext run, java.util.function.LongFunction<Dataset<Row>> rowsSince) {
    TableName table = TableName.parse(spec.model());
    ModelRunPlan plan = history.plan(spec, run, definition);
    boolean replace = plan.replace();
    long since = plan.sinceBatch();
    boolean byCustomer = spec.strategy() == ModelSpec.Strategy.CUSTOMERS;
    Optional<Long> until = byCustomer ? Optional.empty() : history.latestBatch(spec.inputs());
    Dataset<Row> changed = null;
    long computed = -1;
    if (byCustomer) {
      ChangedCustomers customers = new ChangedCustomers(lake);
      changed = (replace ? customers.all() : customers.since(spec.inputs(),
          Timestamp.from(plan.sinceTime().orElseThrow()))).localCheckpoint(true);
      computed = changed.count();
      if (!replace) {
        Dataset<Row> all = customers.all().localCheckpoint(true);
        long everyone = all.count();
        if (ModelRunPlan.recomputesEveryone(computed, everyone, lake.env().rebuildShare())) {
          LOG.info("model {}: {} of {} customers changed, more than {} of them; every customer is computed and "
              + "the table replaced", spec.model(), computed, everyone, lake.env().rebuildShare());
          replace = true;
          changed = all;
          computed = everyone;
        }
      }
      changed.createOrReplaceTempView(ModelSpec.CHANGED_CUSTOMERS_VIEW);
      LOG.info("model {}: {} customers to compute{}", spec.model(), computed, replace ? " (all)" : "");
    }

    Dataset<Row> rows = rowsSince.apply(since);
    spec.checkColumns(new LinkedHashSet<>(Arrays.asList(rows.columns())), origin);
    rows = rows.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Expectations expectations = new Expectations(spec);
      Expectations.Outcome outcome = expectations.check(rows);

      // Counted with the expectations: the rows set aside are only computed when there are some.
      long dropped = outcome.dropped();
      Dataset<Row> aside = dropped > 0 ? expectations.dropped(rows) : null;
      if (replace || outcome.checked() > dropped || (byCustomer && !changed.isEmpty())) {
        // Expectations first, then one row per key: a dropped row never hides an older valid one,
        // in an incremental run as in a full refresh.
        Dataset<Row> kept = onePerKey(expectations.kept(rows));
        if (spec.incremental()) {
          refuseDuplicateKeys(spec, kept);
        }
        if (byCustomer && !replace) {
          new ModelWriter(lake, spec).replaceCustomers(kept, changed);
        } else {
          new ModelWriter(lake, spec).write(kept, replace);
        }
      } // else nothing new to merge: no empty Delta commit
      if (replace && lake.exists(OpsTables.QUARANTINE)) {
        // A rebuild drops every row again: the model's earlier quarantine rows would be duplicates.
        lake.deleteWhere(OpsTables.QUARANTINE, "source", spec.model());
      }
      if (dropped > 0) {
        lake.append(OpsTables.QUARANTINE, aside.select(lit(spec.model()).as("source"),
            lit(null).cast("string").as("source_file"), col("reason"), col("record"),
            lit(run.batchId()).as("batch_id"), lit(run.runId()).as("run_id"),
            lit(Timestamp.from(run.startedAt())).as("quarantined_at")));
      }
      StepResult result = recorded(run, outcome, replace, since, until, dropped).with("rebuilt", replace ? 1 : 0);
      return byCustomer ? result.with("customers_computed", computed) : result;
    } finally {
      rows.unpersist();
    }
  }

  /** Records the run's quality and the run itself; returns what it did. */
  private StepResult recorded(RunContext run, Expectations.Outcome outcome, boolean replace, long since,
      Optional<Long> until, long dropped) {
    long inTable = recordQuality(spec, run, outcome);
    history.record(spec.model(), run, spec.strategy().id(), replace, since, until, outcome.checked(),
        dropped, inTable, definition);
    LOG.info("model {}: {} rows {} ({}), {} dropped by expectations, {} in the table", spec.model(),
        outcome.checked(), replace ? "rebuilt" : "merged", since == ModelRunPlan.EVERYTHING ? "all batches"
            : "batches after " + since, dropped, inTable);
    StepResult result = new StepResult(outcome.checked(), outcome.checked() - dropped, dropped, Map.of())
        .with("rows_in_table", inTable);
    for (Map.Entry<ModelSpec.Expectation, Long> f : outcome.failing().entrySet()) {
      if (f.getKey().action() == ModelSpec.Action.WARN && f.getValue() > 0) {
        result = result.with("warn_" + f.getKey().name(), f.getValue());
      }
    }
    return result;
  }

  /**
   * One row per key of the rows a run writes: the earliest by {@code order-by} (strategy first) or
   * the newest by {@code version} (latest, scd2); rows as they are when neither is given.
   */
  private Dataset<Row> onePerKey(Dataset<Row> rows) {
    List<Column> order = new ArrayList<>();
    spec.orderBy().forEach(c -> order.add(col(c).asc_nulls_last()));
    spec.version().forEach(c -> order.add(col(c).desc_nulls_last()));
    if (order.isEmpty() || spec.keys().isEmpty()) {
      return rows;
    }
    org.apache.spark.sql.expressions.WindowSpec byKey = org.apache.spark.sql.expressions.Window
        .partitionBy(spec.keys().stream().map(k -> col(k)).toArray(Column[]::new))
        .orderBy(order.toArray(Column[]::new));
    return rows.withColumn("_c360_rank", org.apache.spark.sql.functions.row_number().over(byKey))
        .where(col("_c360_rank").equalTo(1)).drop("_c360_rank");
  }

  /** Merging needs one row per key in what a run writes. */
  private static void refuseDuplicateKeys(ModelSpec spec, Dataset<Row> rows) {
    Column[] keys = spec.keys().stream().map(k -> col(k)).toArray(Column[]::new);
    List<Row> duplicates = rows.groupBy(keys).count().where(col("count").gt(1)).limit(3).collectAsList();
    if (!duplicates.isEmpty()) {
      throw new IllegalStateException(spec.model() + ": the model returns more than one row for a key ("
          + String.join(", ", spec.keys()) + "), e.g. " + duplicates.stream()
              .map(r -> r.mkString("(", ", ", ")") + " x" + r.getLong(r.size() - 1)).toList()
          + "; give the model an order-by (first) or version (latest, scd2) to pick one");
    }
  }

  /** Writes the run's quality results and returns the rows now in the table. */
  private long recordQuality(ModelSpec spec, RunContext run, Expectations.Outcome outcome) {
    Timestamp now = Timestamp.from(java.time.Instant.now());
    List<Row> results = new ArrayList<>();
    for (Map.Entry<ModelSpec.Expectation, Long> f : outcome.failing().entrySet()) {
      results.add(RowFactory.create(run.runId(), spec.model(), "expectation", f.getKey().name(),
          f.getKey().action().name().toLowerCase(java.util.Locale.ROOT), outcome.checked(), f.getValue(),
          rate(f.getValue(), outcome.checked()), now));
    }
    Dataset<Row> table = lake.read(TableName.parse(spec.model()));
    List<Column> aggregates = new ArrayList<>();
    for (String c : spec.completeness()) {
      aggregates.add(count(when(col(c).isNull(), 1)));
    }
    if (!spec.keys().isEmpty()) {
      aggregates.add(count_distinct(struct(spec.keys().stream().map(k -> col(k)).toArray(Column[]::new))));
    }
    Row measured = table.agg(count(lit(1)), aggregates.toArray(Column[]::new)).first();
    long rows = measured.getLong(0);
    for (int i = 0; i < spec.completeness().size(); i++) {
      long nulls = measured.getLong(i + 1);
      results.add(RowFactory.create(run.runId(), spec.model(), "completeness", spec.completeness().get(i), "record",
          rows, nulls, rate(nulls, rows), now));
    }
    if (!spec.keys().isEmpty()) {
      long beyondOne = rows - measured.getLong(measured.size() - 1);
      results.add(RowFactory.create(run.runId(), spec.model(), "uniqueness", String.join(",", spec.keys()), "record",
          rows, beyondOne, rate(beyondOne, rows), now));
    }
    history.ops().append(ModelOps.QUALITY_RESULTS, ModelOps.QUALITY_RESULTS_SCHEMA, results);
    return rows;
  }

  private static Double rate(long part, long whole) {
    return whole == 0 ? null : (double) part / whole;
  }
}
