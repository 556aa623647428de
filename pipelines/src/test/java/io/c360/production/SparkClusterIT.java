package io.c360.production;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.min;
import static org.assertj.core.api.Assertions.assertThat;

import io.c360.config.TableName;
import io.c360.lake.Lakehouse;
import io.c360.sample.GeneratorSettings;
import io.c360.sample.LandingGenerator;
import io.c360.testing.TestLakehouses;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar on a real Spark cluster: a standalone master and worker on 127.0.0.1, the daily
 * job submitted through SparkSubmit exactly as {@code spark-submit --master spark://... --class
 * io.c360.cli.Main c360.jar run conf/jobs/daily.yaml} would, its steps run by two executor JVMs.
 * Its gold tables must equal those of a local-mode run on the same landing data: what differs
 * would be a driver-only assumption (a local path, a closure that does not serialise, static
 * state an executor never saw).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkClusterIT {
  /** The day after the generated sample (GeneratorSettings' default start, 6 days). */
  private static final String AS_OF = "2026-10-07";
  /** Set from the run's clock, not from the data: the same data gives other values on every run. */
  private static final Set<String> RUN_COLUMNS = Set.of("run_id", "linked_at", "refreshed_at",
      "entered_at", "entered_run_id", "exited_at", "exited_run_id");

  @TempDir
  static Path dir;

  private Processes.Result onCluster;
  private Processes.Result local;
  private Path clusterWork;

  @BeforeAll
  void runOnTheClusterAndLocally() throws Exception {
    Path landing = dir.resolve("landing");
    new LandingGenerator(GeneratorSettings.of(60, 6, 5L)).generate(landing);
    try (StandaloneCluster cluster = StandaloneCluster.start(dir, 2, "3g")) {
      clusterWork = cluster.workDir();
      onCluster = cluster.submit(dir, Map.of(), List.of(
              "--class", "io.c360.cli.Main",
              "--conf", "spark.executor.cores=1",        // two executors of one core each
              "--conf", "spark.executor.memory=1200m",
              "--conf", "spark.cores.max=2",
              // sized for this machine's two cores, as bin/c360 sizes local mode
              "--conf", "spark.sql.shuffle.partitions=4",
              "--conf", "spark.default.parallelism=4",
              "--conf", "spark.databricks.delta.snapshotPartitions=2",
              "--conf", "spark.sql.sources.parallelPartitionDiscovery.parallelism=2"),
          Path.of(System.getProperty("c360.jar")),
          jobArgs(landing, "cluster"));
      assertThat(onCluster.exit()).as(onCluster.describe() + "\n" + cluster.logs()).isZero();
    }
    List<String> args = jobArgs(landing, "local");
    args.addAll(List.of("--set", "spark.master=local[2]"));
    local = Processes.c360(dir, Map.of("C360_DRIVER_MEMORY", "2g"), args);
    assertThat(local.exit()).as(local.describe()).isZero();
  }

  private static List<String> jobArgs(Path landing, String name) {
    return new ArrayList<>(List.of("run", TestLakehouses.conf().resolve("jobs/daily.yaml").toString(),
        "--conf", TestLakehouses.conf().toString(),
        "--set", "paths.landing=" + landing,
        "--set", "paths.lakehouse=" + dir.resolve(name + "/lakehouse"),
        "--set", "paths.exports=" + dir.resolve(name + "/exports"),
        "--set", "reporting.as-of=" + AS_OF));
  }

  @Test
  void theJobRanOnTheClustersExecutors() throws Exception {
    assertThat(onCluster.stdout()).contains("succeeded in");
    List<Path> executorLogs;
    try (var files = Files.walk(clusterWork)) {
      executorLogs = files.filter(p -> p.getFileName().toString().equals("stderr")).toList();
    }
    assertThat(executorLogs).as("one log per executor under " + clusterWork).hasSizeGreaterThanOrEqualTo(2);
    for (Path log : executorLogs) {
      assertThat(Files.readString(log, StandardCharsets.UTF_8)).as(log.toString()).contains("Finished task");
    }
  }

  @Test
  void goldTablesEqualThoseOfALocalModeRun() throws Exception {
    List<String> tables;
    try (var d = Files.list(dir.resolve("local/lakehouse/gold"))) {
      tables = d.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertThat(tables).contains("customer_360", "identity_map", "customer_orders", "segment_membership");
    Map<String, List<String>> fromCluster = gold("cluster", tables);
    Map<String, List<String>> fromLocal = gold("local", tables);
    org.assertj.core.api.SoftAssertions soft = new org.assertj.core.api.SoftAssertions();
    for (String table : tables) {
      soft.assertThat(fromCluster.get(table)).as("gold." + table + " (cluster vs local)")
          .containsExactlyElementsOf(fromLocal.get(table));
    }
    soft.assertAll();
    assertThat(fromLocal.get("customer_360")).hasSizeGreaterThan(40);
  }

  /**
   * Each gold table's rows as sorted JSON, with every customer id replaced by the customer's
   * smallest identifier (ids are minted per lakehouse) and the run's own timestamps left out.
   */
  private static Map<String, List<String>> gold(String name, List<String> tables) {
    Lakehouse lake = TestLakehouses.open(dir.resolve("landing"), dir.resolve(name + "/lakehouse"),
        TestLakehouses.newCatalog(), List.of());
    Dataset<Row> keys = lake.read(TableName.of("gold", "identity_map")).groupBy("customer_id")
        .agg(min(concat_ws(":", col("id_type"), col("id_value"))).as("customer_key"));
    Map<String, List<String>> out = new java.util.LinkedHashMap<>();
    for (String table : tables) {
      Dataset<Row> rows = lake.read(TableName.of("gold", table));
      for (String c : rows.columns()) {
        if (RUN_COLUMNS.contains(c)) {
          rows = rows.drop(c);
        } else if (c.endsWith("customer_id")) {
          Dataset<Row> key = keys.toDF("key_of_customer", "key");
          rows = rows.join(key, rows.col(c).eqNullSafe(key.col("key_of_customer")), "left")
              .drop(c, "key_of_customer").withColumnRenamed("key", c);
        }
      }
      String[] columns = rows.columns();
      Arrays.sort(columns);
      out.put(table, rows.select(Arrays.stream(columns).map(org.apache.spark.sql.functions::col)
          .toArray(org.apache.spark.sql.Column[]::new)).toJSON().collectAsList().stream().sorted().toList());
    }
    return out;
  }
}
