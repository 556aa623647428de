package io.c360.model;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import io.c360.config.ModelSpec;
import io.c360.config.ModelSpec.Action;
import io.c360.config.ModelSpec.Expectation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A model's expectations checked on the rows a run is about to write: each counted in one pass;
 * rows failing a {@code drop} expectation set aside with the first one they fail; any row failing
 * a {@code fail} expectation stops the step before the table changes.
 */
final class Expectations {
  /**
   * What checking found: rows failing each expectation, of {@code checked}, and the rows set aside
   * by a {@code drop} expectation (each counted once, whichever it fails first).
   */
  record Outcome(long checked, Map<Expectation, Long> failing, long dropped) {}

  private static final String REASON = "_expectation_not_met";

  private final ModelSpec spec;

  Expectations(ModelSpec spec) {
    this.spec = spec;
  }

  /** True when a row does not meet the expectation (a null result does not meet it). */
  private static Column fails(Expectation e) {
    return not(coalesce(expr(e.expect()), lit(false)));
  }

  /** Counts failing rows per expectation; throws when a {@code fail} expectation has any. */
  Outcome check(Dataset<Row> rows) {
    List<Column> aggregates = new ArrayList<>();
    aggregates.add(count(lit(1)));
    for (Expectation e : spec.expectations()) {
      aggregates.add(count(when(fails(e), 1)));
    }
    aggregates.add(count(when(dropReason().isNotNull(), 1)));
    Row counts = rows.agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new)).first();
    Map<Expectation, Long> failing = new LinkedHashMap<>();
    for (int i = 0; i < spec.expectations().size(); i++) {
      failing.put(spec.expectations().get(i), counts.getLong(i + 1));
    }
    Outcome outcome = new Outcome(counts.getLong(0), failing, counts.getLong(counts.size() - 1));
    for (Map.Entry<Expectation, Long> f : failing.entrySet()) {
      if (f.getKey().action() == Action.FAIL && f.getValue() > 0) {
        throw new IllegalStateException(spec.model() + ": expectation " + f.getKey().name() + " ("
            + f.getKey().expect() + ") not met by " + f.getValue() + " of " + outcome.checked()
            + " rows; its action is fail, so " + spec.model() + " is not changed");
      }
    }
    return outcome;
  }

  /** The reason a row is set aside: the first {@code drop} expectation it fails, else null. */
  private Column dropReason() {
    Column reason = lit(null).cast("string");
    List<Expectation> drops = spec.expectations().stream().filter(e -> e.action() == Action.DROP).toList();
    for (int i = drops.size() - 1; i >= 0; i--) {
      Expectation e = drops.get(i);
      reason = when(fails(e), lit("expectation " + e.name() + " not met: " + e.expect())).otherwise(reason);
    }
    return reason;
  }

  boolean drops() {
    return spec.expectations().stream().anyMatch(e -> e.action() == Action.DROP);
  }

  /** The rows that meet every {@code drop} expectation. */
  Dataset<Row> kept(Dataset<Row> rows) {
    return drops() ? rows.where(dropReason().isNull()) : rows;
  }

  /** The rows set aside, as (reason, record as JSON). */
  Dataset<Row> dropped(Dataset<Row> rows) {
    Column record = to_json(struct(java.util.Arrays.stream(rows.columns()).map(c -> col("`" + c + "`"))
        .toArray(Column[]::new)));
    return rows.withColumn(REASON, dropReason()).where(col(REASON).isNotNull())
        .select(col(REASON).as("reason"), record.as("record"));
  }
}
