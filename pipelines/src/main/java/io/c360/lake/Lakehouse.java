package io.c360.lake;

import io.c360.config.EnvironmentConfig;
import io.c360.config.TableFormat;
import io.c360.config.TableName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The tables of one lakehouse, addressed by name. Delta tables live at
 * {@code <lakehouse>/<schema>/<table>}; Iceberg tables in a Hadoop catalog under
 * {@code <lakehouse>/_iceberg}, reachable by the same {@code schema.table} name through a view.
 */
public final class Lakehouse {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Lakehouse.class);
  private final SparkSession spark;
  private final EnvironmentConfig env;

  public Lakehouse(SparkSession spark, EnvironmentConfig env) {
    this.spark = spark;
    this.env = env;
  }

  public SparkSession spark() {
    return spark;
  }

  public EnvironmentConfig env() {
    return env;
  }

  static String icebergWarehouse(EnvironmentConfig env) {
    return env.lakehouse() + "/_iceberg";
  }

  /** Where a Delta table's files are. */
  public String location(TableName table) {
    return env.lakehouse() + "/" + table.schema() + "/" + table.table();
  }

  /** Registers every table that exists under the lakehouse by name, and the reference views. */
  public Lakehouse bootstrap() {
    // The Iceberg catalog is looked up lazily by name, so a session can open more than one lakehouse
    // as long as each names its own catalog (catalog.iceberg-name).
    SparkSessions.icebergCatalog(env).forEach((k, v) -> spark.conf().set(k, v));
    for (String schema : TableName.SCHEMAS.stream().sorted().toList()) {
      ensureSchema(schema);
      for (String table : childDirectories(env.lakehouse() + "/" + schema, "_delta_log")) {
        if (DeltaLogs.committed(spark.sparkContext().hadoopConfiguration(), location(TableName.of(schema, table)))) {
          register(TableName.of(schema, table));
        } else {
          LOG.warn("{}.{}: {}/_delta_log holds no commit (a run stopped before the table's first commit); "
              + "the table is treated as absent and its next write creates it", schema, table,
              location(TableName.of(schema, table)));
        }
      }
      for (String table : childDirectories(icebergWarehouse(env) + "/" + schema, "metadata")) {
        registerIcebergView(TableName.of(schema, table));
      }
    }
    registerFxRates();
    return this;
  }

  /**
   * Takes the lakehouse's run lock ({@link RunLock}), waiting up to {@code wait} for a run holding it,
   * then registers again the tables that exist now: a run that held the lock may have created some
   * after this session opened, and a run that missed them would leave them out (an erasure would not
   * find the person there).
   */
  public RunLock lock(String runId, String job, java.time.Duration wait) {
    RunLock lock = RunLock.acquire(env.lakehouse(), spark.sparkContext().hadoopConfiguration(), runId, job, wait);
    return RunLock.holding(lock, this::bootstrap);
  }

  /**
   * Forgets every c360 table registered in this session (the files stay), so the session can open
   * another lakehouse: benchmarks and tests do.
   */
  public static void forgetRegisteredTables(SparkSession spark) {
    for (String schema : TableName.SCHEMAS) {
      spark.sql("DROP DATABASE IF EXISTS " + TableName.of(schema, "x").schema() + " CASCADE");
    }
  }

  public boolean exists(TableName table) {
    return spark.catalog().tableExists(table.toString());
  }

  public Dataset<Row> read(TableName table) {
    return spark.table(table.toString());
  }

  /** Replaces a table's content (and schema) with {@code data}. */
  public void overwrite(TableName table, Dataset<Row> data) {
    write(table, data, SaveMode.Overwrite, List.of());
  }

  /** Replaces a table's content (and schema) with {@code data}, its files partitioned by {@code partitionBy}. */
  public void overwrite(TableName table, Dataset<Row> data, List<String> partitionBy) {
    write(table, data, SaveMode.Overwrite, partitionBy);
  }

  /** Adds {@code data} to a table, creating it if needed; new columns are added to the schema. */
  public void append(TableName table, Dataset<Row> data) {
    write(table, data, SaveMode.Append, List.of());
  }

  /**
   * Deletes the rows of the given batches ({@code batchColumn}), only those of {@code source} when
   * a source column is named. Delta tables are changed through Delta's API (no SQL text); for
   * Iceberg the batch ids are written as numbers and the source name is a validated identifier.
   */
  public void deleteBatches(TableName table, String batchColumn, java.util.Collection<Long> batches,
      String sourceColumn, String source) {
    if (batches.isEmpty() || !exists(table)) {
      return;
    }
    org.apache.spark.sql.Column condition = org.apache.spark.sql.functions.col(batchColumn).isin(batches.toArray());
    if (sourceColumn != null) {
      condition = condition.and(org.apache.spark.sql.functions.col(sourceColumn).equalTo(source));
    }
    if (env.formatOf(table) == TableFormat.DELTA) {
      io.delta.tables.DeltaTable.forPath(spark, location(table)).delete(condition);
      return;
    }
    if (!batchColumn.matches("[a-z_][a-z0-9_]*") || (sourceColumn != null
        && (!sourceColumn.matches("[a-z_][a-z0-9_]*") || !source.matches("[a-z][a-z0-9_]*")))) {
      throw new IllegalArgumentException("not a column or source name: " + batchColumn + ", " + sourceColumn);
    }
    List<String> numbers = batches.stream().map(b -> Long.toString(b)).toList();
    spark.sql("DELETE FROM " + env.icebergCatalog() + "." + table + " WHERE " + batchColumn + " IN ("
        + String.join(", ", numbers) + ")" + (sourceColumn == null ? "" : " AND " + sourceColumn + " = '" + source + "'"));
  }

  /**
   * Deletes the rows whose {@code column} holds one of {@code values} and whose {@code andColumn}
   * equals {@code andValue}. Values travel as rows (Delta's API; an Iceberg MERGE over a temporary
   * view), never as SQL text.
   */
  public void deleteRowsHolding(TableName table, String column, java.util.Collection<String> values,
      String andColumn, String andValue) {
    if (values.isEmpty() || !exists(table)) {
      return;
    }
    if (env.formatOf(table) == TableFormat.DELTA) {
      io.delta.tables.DeltaTable.forPath(spark, location(table)).delete(org.apache.spark.sql.functions.col(column)
          .isin(values.toArray()).and(org.apache.spark.sql.functions.col(andColumn).equalTo(andValue)));
      return;
    }
    String view = "_c360_delete_" + table.table();
    spark.createDataset(List.copyOf(values), org.apache.spark.sql.Encoders.STRING()).toDF("v")
        .withColumn("w", org.apache.spark.sql.functions.lit(andValue)).localCheckpoint(true)
        .createOrReplaceTempView(view);
    try {
      // Column names are the caller's; the values are rows of the view.
      spark.sql("MERGE INTO " + env.icebergCatalog() + "." + table + " t USING " + view + " s ON t.`" + column
          + "` = s.v AND t.`" + andColumn + "` = s.w WHEN MATCHED THEN DELETE");
    } finally {
      spark.catalog().dropTempView(view);
    }
  }

  /**
   * Replaces, in one commit, the rows whose {@code column} holds one of {@code values} with
   * {@code rows}: one MERGE whose source is the new rows (never matched, inserted) and one row per
   * value (matched, deleting). Values travel as rows, never as SQL text. Columns of {@code rows} the
   * table lacks are added first, as an append would.
   */
  public void replaceRowsHolding(TableName table, String column, java.util.Collection<String> values,
      Dataset<Row> rows) {
    if (!exists(table) || values.isEmpty()) {
      append(table, rows);
      return;
    }
    java.util.Set<String> present = java.util.Set.of(read(table).columns());
    if (!java.util.Arrays.stream(rows.columns()).allMatch(present::contains)) {
      append(table, rows.limit(0)); // adds the new columns (mergeSchema) and no row
    }
    String flag = "_c360_delete";
    org.apache.spark.sql.types.StructType schema = read(table).schema();
    String[] columns = schema.fieldNames();
    Dataset<Row> removed = spark.createDataset(List.copyOf(values), org.apache.spark.sql.Encoders.STRING())
        .toDF(column).withColumn(flag, org.apache.spark.sql.functions.lit(true));
    // A column an earlier batch added (evolve-schema) that these rows lack is null, as an append leaves it.
    java.util.Set<String> given = java.util.Set.of(rows.columns());
    Dataset<Row> source = rows.select(java.util.Arrays.stream(schema.fields())
            .map(f -> given.contains(f.name()) ? org.apache.spark.sql.functions.col("`" + f.name() + "`")
                : org.apache.spark.sql.functions.lit(null).cast(f.dataType()).as(f.name()))
            .toArray(org.apache.spark.sql.Column[]::new))
        .withColumn(flag, org.apache.spark.sql.functions.lit(false))
        .unionByName(removed, true);
    // Column names come from the table's own schema and the caller's code, never from data.
    String on = "t.`" + column + "` = s.`" + column + "` and s." + flag;
    Map<String, String> assignments = new java.util.LinkedHashMap<>();
    for (String c : columns) {
      assignments.put(c, "s.`" + c + "`");
    }
    if (env.formatOf(table) == TableFormat.ICEBERG) {
      String view = "_c360_replace_" + table.table();
      source.localCheckpoint(true).createOrReplaceTempView(view); // as in replaceKeys
      try {
        spark.sql("MERGE INTO " + env.icebergCatalog() + "." + table + " t USING " + view + " s ON " + on
            + " WHEN MATCHED THEN DELETE WHEN NOT MATCHED AND NOT s." + flag + " THEN INSERT ("
            + String.join(", ", java.util.Arrays.stream(columns).map(c -> "`" + c + "`").toList()) + ") VALUES ("
            + String.join(", ", assignments.values()) + ")");
      } finally {
        spark.catalog().dropTempView(view);
      }
      return;
    }
    io.delta.tables.DeltaTable.forPath(spark, location(table)).as("t").merge(source.as("s"), on)
        .whenMatched().delete()
        .whenNotMatched("not s." + flag).insertExpr(assignments)
        .execute();
  }

  /**
   * Replaces part of a table in one commit: rows whose keys are in {@code removed} and not in
   * {@code rows} are deleted, rows of {@code rows} replace those with the same keys or are added.
   * One MERGE (Delta API; Iceberg MERGE INTO over temporary views, with column names from the
   * table's own schema), so readers see the old part or the new, never neither.
   *
   * @param removed the keys of the rows being replaced (only the key columns are read)
   * @param rows the new rows, with the table's columns
   */
  public void replaceKeys(TableName table, List<String> keys, Dataset<Row> removed, Dataset<Row> rows) {
    if (!exists(table)) {
      overwrite(table, rows);
      return;
    }
    String flag = "_c360_delete";
    String[] columns = read(table).columns();
    Dataset<Row> keyRows = removed.select(keys.stream().map(org.apache.spark.sql.functions::col)
        .toArray(org.apache.spark.sql.Column[]::new)).distinct();
    Dataset<Row> deletions = keyRows.join(rows, keys.toArray(String[]::new), "left_anti");
    Dataset<Row> source = rows.select(java.util.Arrays.stream(columns).map(org.apache.spark.sql.functions::col)
            .toArray(org.apache.spark.sql.Column[]::new))
        .withColumn(flag, org.apache.spark.sql.functions.lit(false))
        .unionByName(deletions.withColumn(flag, org.apache.spark.sql.functions.lit(true)), true);
    String on = String.join(" and ", keys.stream().map(k -> "t." + k + " <=> s." + k).toList());
    if (env.formatOf(table) == TableFormat.ICEBERG) {
      String view = "_c360_replace_" + table.table();
      // Materialised first: Spark 4.1 keeps an Iceberg table read by a DataFrame-made temp view as a
      // V2TableReference that MERGE INTO's planning does not resolve ("No plan for TableReference").
      source.localCheckpoint(true).createOrReplaceTempView(view);
      try {
        String set = String.join(", ", java.util.Arrays.stream(columns).map(c -> c + " = s." + c).toList());
        String names = String.join(", ", columns);
        String values = String.join(", ", java.util.Arrays.stream(columns).map(c -> "s." + c).toList());
        spark.sql("MERGE INTO " + env.icebergCatalog() + "." + table + " t USING " + view + " s ON " + on
            + " WHEN MATCHED AND s." + flag + " THEN DELETE WHEN MATCHED THEN UPDATE SET " + set
            + " WHEN NOT MATCHED AND NOT s." + flag + " THEN INSERT (" + names + ") VALUES (" + values + ")");
      } finally {
        spark.catalog().dropTempView(view);
      }
      return;
    }
    Map<String, String> assignments = new java.util.LinkedHashMap<>();
    for (String c : columns) {
      assignments.put(c, "s." + c);
    }
    io.delta.tables.DeltaTable.forPath(spark, location(table)).as("t").merge(source.as("s"), on)
        .whenMatched("s." + flag).delete()
        .whenMatched().updateExpr(assignments)
        .whenNotMatched("not s." + flag).insertExpr(assignments)
        .execute();
  }

  /**
   * Deletes the rows whose {@code column} equals {@code value}: Delta through its API (no SQL text);
   * Iceberg by SQL, so the value must be a name (lower-case letters, digits, _ and .).
   */
  public void deleteWhere(TableName table, String column, String value) {
    if (!exists(table)) {
      return;
    }
    if (env.formatOf(table) == TableFormat.DELTA) {
      io.delta.tables.DeltaTable.forPath(spark, location(table)).delete(
          org.apache.spark.sql.functions.col(column).equalTo(value));
      return;
    }
    if (!column.matches("[a-z_][a-z0-9_]*") || !value.matches("[a-z0-9_.]+")) {
      throw new IllegalArgumentException("not a column name and a name value: " + column + ", " + value);
    }
    spark.sql("DELETE FROM " + env.icebergCatalog() + "." + table + " WHERE " + column + " = '" + value + "'");
  }

  /** Creates an empty table with the given schema if it does not exist yet. */
  public void ensure(TableName table, StructType schema) {
    ensure(table, schema, Map.of());
  }

  /** Creates an empty table with the given schema and Delta table properties if it does not exist yet. */
  public void ensure(TableName table, StructType schema, Map<String, String> deltaProperties) {
    if (exists(table)) {
      return;
    }
    if (env.formatOf(table) == TableFormat.DELTA && !deltaProperties.isEmpty()) {
      ensureSchema(table.schema());
      var builder = io.delta.tables.DeltaTable.createIfNotExists(spark).location(location(table)).addColumns(schema);
      for (Map.Entry<String, String> p : deltaProperties.entrySet()) {
        builder = builder.property(p.getKey(), p.getValue());
      }
      builder.execute();
      register(table);
      return;
    }
    write(table, spark.createDataFrame(List.of(), schema), SaveMode.Append, List.of());
  }

  private void write(TableName table, Dataset<Row> data, SaveMode mode, List<String> partitionBy) {
    ensureSchema(table.schema());
    if (env.formatOf(table) == TableFormat.ICEBERG) {
      writeIceberg(table, data, mode, partitionBy);
      return;
    }
    var writer = data.write().format("delta").mode(mode).partitionBy(partitionBy.toArray(String[]::new));
    writer = mode == SaveMode.Overwrite ? writer.option("overwriteSchema", "true") : writer.option("mergeSchema", "true");
    writer.save(location(table));
    if (!exists(table)) {
      register(table);
    }
  }

  private void writeIceberg(TableName table, Dataset<Row> data, SaveMode mode, List<String> partitionBy) {
    String name = env.icebergCatalog() + "." + table;
    spark.sql("CREATE NAMESPACE IF NOT EXISTS " + env.icebergCatalog() + "." + table.schema());
    boolean present = spark.catalog().tableExists(name);
    if (mode == SaveMode.Overwrite || !present) {
      // No column bounds in manifests: min/max values would keep an erased person's e-mail in the
      // table's metadata (as Delta's statistics would in its log; see SparkSessions).
      var writer = data.writeTo(name).using("iceberg").tableProperty("format-version", "2")
          .tableProperty("write.metadata.metrics.default", "counts");
      if (!partitionBy.isEmpty()) {
        writer = writer.partitionedBy(org.apache.spark.sql.functions.col(partitionBy.get(0)),
            partitionBy.stream().skip(1).map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new));
      }
      writer.createOrReplace();
    } else {
      try {
        data.writeTo(name).option("merge-schema", "true").append();
      } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
        throw new IllegalStateException("Iceberg table " + name + " disappeared while writing", e);
      }
    }
    registerIcebergView(table);
  }

  private void register(TableName table) {
    if (!exists(table)) {
      spark.catalog().createTable(table.toString(), location(table), "delta");
    }
  }

  private void registerIcebergView(TableName table) {
    // Names come from validated config (lower-case identifiers), never from data.
    spark.sql("CREATE OR REPLACE VIEW " + table + " AS SELECT * FROM " + env.icebergCatalog() + "." + table);
  }

  private void ensureSchema(String schema) {
    if (!spark.catalog().databaseExists(schema)) {
      spark.sql("CREATE DATABASE IF NOT EXISTS " + TableName.of(schema, "x").schema());
    }
  }

  /** {@code fx_rates}: rate to the reporting currency per currency, from config, for SQL models. */
  private void registerFxRates() {
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, BigDecimal> e : env.fxRates().entrySet()) {
      rows.add(RowFactory.create(e.getKey(), e.getValue().setScale(8, java.math.RoundingMode.HALF_UP)));
    }
    StructType schema = new StructType()
        .add("currency", DataTypes.StringType, false)
        .add("rate_to_reporting", DataTypes.createDecimalType(18, 8), false);
    spark.createDataFrame(rows, schema).createOrReplaceTempView("fx_rates");
  }

  private List<String> childDirectories(String dir, String marker) {
    List<String> out = new ArrayList<>();
    try {
      Path path = new Path(dir);
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(path)) {
        return out;
      }
      for (FileStatus child : fs.listStatus(path)) {
        String name = child.getPath().getName();
        if (child.isDirectory() && name.matches("[a-z][a-z0-9_]*") && fs.exists(new Path(child.getPath(), marker))) {
          out.add(name);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    out.sort(String::compareTo);
    return out;
  }
}
