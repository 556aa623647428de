package io.c360.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.c360.config.TableName;
import io.c360.testing.TestLakehouses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakehouseTest {
  @TempDir
  Path dir;

  private static final StructType SCHEMA = new StructType()
      .add("customer_id", DataTypes.StringType).add("revenue", DataTypes.createDecimalType(18, 2));

  private Dataset<Row> rows(Lakehouse lake, Object[]... values) {
    return lake.spark().createDataFrame(java.util.Arrays.stream(values).map(RowFactory::create).toList(), SCHEMA);
  }

  @Test
  void deltaAndIcebergTablesAreWrittenByConfigAndReadByName() {
    String catalog = TestLakehouses.newCatalog();
    List<String> formats = List.of("tables.formats.gold.in_iceberg=iceberg");
    Lakehouse lake = TestLakehouses.open(dir.resolve("landing"), dir.resolve("lake"), catalog, formats);
    TableName delta = TableName.parse("gold.in_delta");
    TableName iceberg = TableName.parse("gold.in_iceberg");
    Dataset<Row> data = rows(lake, new Object[] {"c1", new java.math.BigDecimal("10.50")},
        new Object[] {"c2", new java.math.BigDecimal("3.00")});

    lake.overwrite(delta, data);
    lake.overwrite(iceberg, data);
    lake.append(iceberg, rows(lake, new Object[] {"c3", new java.math.BigDecimal("1.25")}));

    assertThat(Files.isDirectory(dir.resolve("lake/gold/in_delta/_delta_log"))).isTrue();
    assertThat(Files.isDirectory(dir.resolve("lake/_iceberg/gold/in_iceberg/metadata"))).isTrue();
    assertThat(lake.spark().sql("select sum(revenue) from gold.in_delta").first().getDecimal(0))
        .isEqualByComparingTo("13.50");
    assertThat(lake.spark().sql("select count(*), sum(revenue) from gold.in_iceberg").first().toString())
        .isEqualTo("[3,14.75]");

    // A new session's bootstrap finds both by name from the files alone.
    Lakehouse again = TestLakehouses.open(dir.resolve("landing"), dir.resolve("lake"), catalog, formats);
    assertThat(again.read(delta).count()).isEqualTo(2);
    assertThat(again.read(iceberg).count()).isEqualTo(3);
    assertThat(again.spark().sql("select rate_to_reporting from fx_rates where currency = 'GBP'").first().getDecimal(0))
        .isEqualByComparingTo("1.17");
  }

  @Test
  void aJobsOpsRowsAreWrittenAtItsFlushInOneCommitPerTable() {
    Lakehouse lake = TestLakehouses.open(dir.resolve("landing"), dir.resolve("lake"), TestLakehouses.newCatalog(),
        List.of());
    TableName runs = TableName.parse("ops.some_runs");
    TableName checks = TableName.parse("ops.some_checks");
    OpsRows ops = OpsRows.deferred(lake);

    ops.append(runs, SCHEMA, List.of(RowFactory.create("c1", java.math.BigDecimal.ONE)));
    ops.append(runs, SCHEMA, List.of(RowFactory.create("c2", java.math.BigDecimal.TEN)));
    ops.append(checks, SCHEMA, List.of());
    assertThat(lake.exists(runs)).isFalse();
    assertThat(ops.pending(runs)).hasSize(2);
    assertThatThrownBy(() -> ops.append(runs, new StructType().add("x", DataTypes.StringType),
        List.of(RowFactory.create("y")))).hasMessage("ops.some_runs: rows of two schemas kept for one table");

    ops.flush();
    assertThat(lake.spark().sql("select customer_id from ops.some_runs order by 1").collectAsList().toString())
        .isEqualTo("[[c1], [c2]]");
    assertThat(io.delta.tables.DeltaTable.forPath(lake.spark(), lake.location(runs)).history().count()).isEqualTo(1);
    assertThat(lake.exists(checks)).as("a table with no rows kept is created empty").isTrue();
    assertThat(lake.read(checks).count()).isZero();
    assertThat(ops.pending(runs)).isEmpty();
    ops.flush();
    assertThat(lake.read(runs).count()).as("a second flush writes nothing again").isEqualTo(2);

    StructType clashing = new StructType().add("customer_id", DataTypes.IntegerType);
    ops.append(runs, clashing, List.of(RowFactory.create(7)));
    assertThatThrownBy(ops::flush).hasMessageStartingWith("could not record 1 rows in ops.some_runs: ");
    assertThat(ops.pending(runs)).as("taken once: a failed flush is not written again").isEmpty();
    assertThat(lake.read(runs).count()).isEqualTo(2);

    OpsRows now = OpsRows.immediate(lake);
    now.append(runs, SCHEMA, List.of(RowFactory.create("c3", java.math.BigDecimal.ONE)));
    assertThat(lake.read(runs).count()).isEqualTo(3);
    assertThat(now.pending(runs)).isEmpty();
  }

  @Test
  void aTableFolderWhoseLogHasNoCommitIsAbsentUntilItsFirstWrite() throws Exception {
    Path lakePath = dir.resolve("lake");
    String catalog = TestLakehouses.newCatalog();
    // A run stopped (disk full, kill -9) between creating the log folder and its first commit.
    Path log = Files.createDirectories(lakePath.resolve("silver/contacts/_delta_log"));
    Files.writeString(log.resolve(".00000000000000000000.json.tmp"), "{\"commitInfo\":{}}");
    Files.createDirectories(lakePath.resolve("silver/contacts/_delta_log/_commits"));

    Lakehouse lake = TestLakehouses.open(dir.resolve("landing"), lakePath, catalog, List.of());
    TableName contacts = TableName.parse("silver.contacts");
    assertThat(lake.exists(contacts)).isFalse();

    lake.append(contacts, rows(lake, new Object[] {"c1", java.math.BigDecimal.ONE}));
    Lakehouse again = TestLakehouses.open(dir.resolve("landing"), lakePath, catalog, List.of());
    assertThat(again.read(contacts).collectAsList().toString()).isEqualTo("[[c1,1.00]]");
  }

  @Test
  void takingTheLockRegistersTablesARunCreatedWhileThisOneWaited() throws Exception {
    Path lakePath = dir.resolve("lake");
    String catalog = TestLakehouses.newCatalog();
    Lakehouse lake = TestLakehouses.open(dir.resolve("landing"), lakePath, catalog, List.of());
    TableName orders = TableName.parse("silver.orders");
    assertThat(lake.exists(orders)).isFalse();
    RunLock daily = RunLock.acquire(lakePath.toString(), lake.spark().sparkContext().hadoopConfiguration(),
        "daily-run", "daily");
    RunLock[] taken = new RunLock[1];
    Thread waiting = new Thread(() -> taken[0] = lake.lock("erase-run", "erase", java.time.Duration.ofMinutes(1)));
    waiting.start();
    // The daily run creates a table by path (another process: this session's catalog does not see it) and ends.
    rows(lake, new Object[] {"c1", java.math.BigDecimal.TEN}).write().format("delta").save(lake.location(orders));
    assertThat(lake.exists(orders)).isFalse();
    daily.close();
    waiting.join(60_000);
    try (RunLock lock = taken[0]) {
      assertThat(lock).isNotNull();
      assertThat(lake.exists(orders)).isTrue();
      assertThat(lake.read(orders).count()).isOne();
    }
  }
}
