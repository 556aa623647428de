package io.c360.model;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;

import io.c360.config.ModelSpec;
import io.c360.config.ModelSpec.Strategy;
import io.c360.config.TableFormat;
import io.c360.config.TableName;
import io.c360.lake.Lakehouse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Writes a run's rows into a model's table by its strategy: rebuilt, or merged on its keys (Delta
 * MERGE; Iceberg MERGE INTO) so that a run over new batches ends where a full refresh would.
 */
final class ModelWriter {
  private static final String PRIORITY = "_c360_priority";

  private final Lakehouse lake;
  private final ModelSpec spec;
  private final TableName table;

  ModelWriter(Lakehouse lake, ModelSpec spec) {
    this.lake = lake;
    this.spec = spec;
    this.table = TableName.parse(spec.model());
  }

  /**
   * Strategy customers, incremental: the rows of the {@code changed} customers, and of customers
   * that no longer exist (merged away), are replaced by {@code rows} in one MERGE.
   */
  void replaceCustomers(Dataset<Row> rows, Dataset<Row> changed) {
    if (!lake.exists(table)) {
      lake.overwrite(table, rows, spec.partitionBy());
      return;
    }
    checkSameColumns(rows);
    Dataset<Row> existing = lake.read(table);
    Dataset<Row> current = lake.read(TableName.of("gold", "identity_map")).select("customer_id").distinct();
    Dataset<Row> removed = existing.join(changed, "customer_id")
        .unionByName(existing.join(current, new String[] {"customer_id"}, "left_anti"));
    lake.replaceKeys(table, spec.keys(), removed, rows);
  }

  /**
   * Writes {@code rows}.
   *
   * @param replace the rows are the whole model (a rebuild or a full refresh), not new batches
   */
  void write(Dataset<Row> rows, boolean replace) {
    boolean merge = !replace && lake.exists(table);
    if (merge) {
      checkSameColumns(rows);
    }
    switch (spec.strategy()) {
      case REBUILD -> lake.overwrite(table, rows, spec.partitionBy());
      case FIRST -> {
        if (merge) {
          merge(rows, null, false);
        } else {
          lake.overwrite(table, rows, spec.partitionBy());
        }
      }
      case LATEST -> {
        if (merge) {
          merge(rows, newerOrSame(), true);
        } else {
          lake.overwrite(table, rows, spec.partitionBy());
        }
      }
      case CUSTOMERS -> lake.overwrite(table, rows, spec.partitionBy()); // a rebuild; see replaceCustomers
      case SCD2 -> {
        Dataset<Row> versions = merge ? withExistingVersions(rows) : rows;
        Dataset<Row> history = history(versions);
        if (merge) {
          merge(history, null, true);
        } else {
          lake.overwrite(table, history, spec.partitionBy());
        }
      }
    }
  }

  /** A merge changes rows, it does not reshape the table: a model whose columns changed is rebuilt. */
  private void checkSameColumns(Dataset<Row> rows) {
    Set<String> expected = new TreeSet<>(Arrays.asList(lake.read(table).columns()));
    Set<String> actual = new TreeSet<>(Arrays.asList(rows.columns()));
    if (spec.strategy() == Strategy.SCD2) {
      actual.add(ModelSpec.VALID_TO);
      actual.add(ModelSpec.IS_CURRENT);
    }
    if (!expected.equals(actual)) {
      throw new IllegalStateException(spec.model() + ": the model returns columns " + actual + " but the table has "
          + expected + "; rebuild it with bin/c360 run <job> --full-refresh");
    }
  }

  /** {@code s} (new) is at least as recent as {@code t} (in the table), by the version columns in order. */
  private String newerOrSame() {
    return "struct(" + qualified("s", spec.version()) + ") >= struct(" + qualified("t", spec.version()) + ")";
  }

  /**
   * An SCD2 entity's versions, new and already in the table, for the entities the run touches; a
   * version of the same entity and time as one in the table replaces it.
   */
  private Dataset<Row> withExistingVersions(Dataset<Row> rows) {
    Dataset<Row> table = lake.read(this.table).drop(ModelSpec.VALID_TO, ModelSpec.IS_CURRENT);
    Dataset<Row> touched = rows.select(columns(spec.entity().toArray(String[]::new))).distinct();
    Column same = lit(true);
    for (String k : spec.entity()) {
      same = same.and(table.col(k).eqNullSafe(touched.col(k)));
    }
    Dataset<Row> existing = table.join(touched, same, "left_semi");
    return existing.withColumn(PRIORITY, lit(0))
        .unionByName(rows.withColumn(PRIORITY, lit(1)))
        .withColumn("_c360_rank", row_number().over(Window.partitionBy(columns(spec.keys().toArray(String[]::new)))
            .orderBy(col(PRIORITY).desc())))
        .where(col("_c360_rank").equalTo(1))
        .drop(PRIORITY, "_c360_rank");
  }

  /** Each version valid until the entity's next one; the latest is current unless it is a deletion. */
  private Dataset<Row> history(Dataset<Row> versions) {
    String validFrom = spec.validFrom().orElseThrow();
    WindowSpec byEntity = Window.partitionBy(columns(spec.entity().toArray(String[]::new))).orderBy(col(validFrom));
    Column deleted = spec.deleted().map(d -> coalesce(col(d), lit(false))).orElse(lit(false));
    return versions
        .withColumn(ModelSpec.VALID_TO, lead(col(validFrom), 1).over(byEntity))
        .withColumn(ModelSpec.IS_CURRENT, col(ModelSpec.VALID_TO).isNull().and(not(deleted)));
  }

  /**
   * Merges {@code rows} on the keys: rows of new keys are inserted; rows of existing keys replace
   * theirs when {@code update} (and {@code condition}, when given, holds).
   */
  private void merge(Dataset<Row> rows, String condition, boolean update) {
    String on = String.join(" and ", spec.keys().stream().map(k -> "t." + k + " <=> s." + k).toList());
    if (lake.env().formatOf(table) == TableFormat.ICEBERG) {
      // Identifiers come from the model's validated YAML (lower-case names), never from data.
      String view = "_c360_merge_" + table.table();
      rows.createOrReplaceTempView(view);
      try {
        lake.spark().sql("MERGE INTO " + lake.env().icebergCatalog() + "." + table + " t USING " + view + " s ON " + on
            + (update ? " WHEN MATCHED" + (condition == null ? "" : " AND " + condition) + " THEN UPDATE SET *" : "")
            + " WHEN NOT MATCHED THEN INSERT *");
      } finally {
        lake.spark().catalog().dropTempView(view);
      }
      return;
    }
    var builder = io.delta.tables.DeltaTable.forPath(lake.spark(), lake.location(table)).as("t")
        .merge(rows.as("s"), on);
    if (update) {
      builder = condition == null ? builder.whenMatched().updateAll() : builder.whenMatched(condition).updateAll();
    }
    builder.whenNotMatched().insertAll().execute();
  }

  private static String qualified(String alias, List<String> columns) {
    List<String> out = new ArrayList<>();
    for (String c : columns) {
      out.add(alias + "." + c);
    }
    return String.join(", ", out);
  }

  private static Column[] columns(String[] names) {
    return Arrays.stream(names).map(n -> col(n)).toArray(Column[]::new);
  }
}
