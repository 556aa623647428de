package io.c360.production;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.min;
import static org.assertj.core.api.Assertions.assertThat;

import io.c360.cli.Session;
import io.c360.config.EnvironmentConfig;
import io.c360.config.Project;
import io.c360.config.TableName;
import io.c360.lake.Lakehouse;
import io.c360.sample.GenerationSummary;
import io.c360.sample.GeneratorSettings;
import io.c360.sample.LandingGenerator;
import io.c360.testing.TestLakehouses;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar on a real Spark cluster, its lakehouse on object storage: a standalone master and
 * worker on 127.0.0.1, the daily job submitted through SparkSubmit exactly as {@code spark-submit
 * --master spark://... --class io.c360.cli.Main c360.jar run conf/jobs/daily.yaml --env
 * conf/env/s3.yaml} would, its steps run by two executor JVMs that read the landing zone from and
 * write the lakehouse to a bucket of S3Proxy (a child JVM). Its gold tables must equal those of a
 * local-mode run on the same landing data on local disk: what differs would be a driver-only
 * assumption (a local path, a closure that does not serialise, static state or credentials an
 * executor never saw). Then the checks of S3LakehouseContract on the bucket: SQL reads it back,
 * an erasure leaves no trace in any object.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkClusterIT {
  /** The day after the generated sample (GeneratorSettings' default start, 3 days). */
  private static final String AS_OF = "2026-10-04";
  /** Set from the run's clock, not from the data: the same data gives other values on every run. */
  private static final Set<String> RUN_COLUMNS = Set.of("run_id", "linked_at", "refreshed_at",
      "entered_at", "entered_run_id", "exited_at", "exited_run_id");

  @TempDir
  static Path dir;

  private S3Lakehouse s3;
  private GenerationSummary generated;
  private Processes.Result onCluster;
  private Processes.Result local;
  private Path clusterWork;

  @BeforeAll
  void runOnTheClusterAndLocally() throws Exception {
    s3 = S3Lakehouse.start(S3ProxyEndpoint::start, dir);
    Path landing = dir.resolve("landing");
    generated = new LandingGenerator(GeneratorSettings.of(60, 3, 11L)).generate(landing);
    s3.land(landing);
    try (StandaloneCluster cluster = StandaloneCluster.start(dir, 2, "3g")) {
      clusterWork = cluster.workDir();
      List<String> args = new ArrayList<>(List.of("run", TestLakehouses.conf().resolve("jobs/daily.yaml").toString(),
          "--set", "reporting.as-of=" + AS_OF));
      args.addAll(S3Lakehouse.confArgs());
      onCluster = cluster.submit(s3.workDir(), s3.env(), List.of(
              "--class", "io.c360.cli.Main",
              "--conf", "spark.executor.cores=1",        // two executors of one core each
              "--conf", "spark.executor.memory=1200m",
              "--conf", "spark.cores.max=2",
              // credentials reach executors as conf/env/s3.yaml advises, through their environment
              "--conf", "spark.executorEnv.AWS_ACCESS_KEY_ID=" + s3.endpoint().accessKey(),
              "--conf", "spark.executorEnv.AWS_SECRET_ACCESS_KEY=" + s3.endpoint().secretKey(),
              // sized for this machine's two cores, as bin/c360 sizes local mode
              "--conf", "spark.sql.shuffle.partitions=4",
              "--conf", "spark.default.parallelism=4",
              "--conf", "spark.databricks.delta.snapshotPartitions=2",
              "--conf", "spark.sql.sources.parallelPartitionDiscovery.parallelism=2"),
          Path.of(System.getProperty("c360.jar")),
          args);
      assertThat(onCluster.exit()).as(onCluster.describe() + "\n" + cluster.logs()).isZero();
    }
    // the same salt as the cluster's run: hashed identifiers must match
    Map<String, String> env = new HashMap<>(Map.of("C360_DRIVER_MEMORY", "2g",
        "C360_SUPPRESSION_SALT", s3.env().get("C360_SUPPRESSION_SALT")));
    local = Processes.c360(dir, env, List.of("run", TestLakehouses.conf().resolve("jobs/daily.yaml").toString(),
        "--conf", TestLakehouses.conf().toString(),
        "--set", "paths.landing=" + landing,
        "--set", "paths.lakehouse=" + dir.resolve("local/lakehouse"),
        "--set", "paths.exports=" + dir.resolve("local/exports"),
        "--set", "reporting.as-of=" + AS_OF,
        "--set", "spark.master=local[2]"));
    assertThat(local.exit()).as(local.describe()).isZero();
  }

  @AfterAll
  void stop() {
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  @Order(1)
  void theJobRanOnTheClustersExecutorsAndTheyWroteNothingLocally() throws Exception {
    assertThat(onCluster.stdout()).contains("succeeded in");
    List<Path> executorLogs;
    List<String> names;
    try (var files = Files.walk(clusterWork)) {
      List<Path> all = files.toList();
      executorLogs = all.stream().filter(p -> p.getFileName().toString().equals("stderr")).toList();
      names = all.stream().map(p -> p.getFileName().toString()).toList();
    }
    assertThat(executorLogs).as("one log per executor under " + clusterWork).hasSizeGreaterThanOrEqualTo(2);
    for (Path log : executorLogs) {
      assertThat(Files.readString(log, StandardCharsets.UTF_8)).as(log.toString()).contains("Finished task");
    }
    assertThat(names).as("the executors' folders").doesNotContain("lakehouse", "landing", "exports", "_delta_log");
  }

  @Test
  @Order(2)
  void theClusterRunWritesEveryTableToTheBucketAndNothingLocally() throws Exception {
    s3.assertTheDailyRunWroteEveryTableToTheBucketAndNothingLocally(onCluster);
  }

  @Test
  @Order(3)
  void goldTablesEqualThoseOfALocalModeRun() throws Exception {
    List<String> tables;
    try (var d = Files.list(dir.resolve("local/lakehouse/gold"))) {
      tables = d.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertThat(tables).contains("customer_360", "identity_map", "customer_orders", "segment_membership");
    Map<String, List<String>> fromCluster = gold(onS3(), tables);
    Map<String, List<String>> fromLocal = gold(TestLakehouses.open(dir.resolve("landing"),
        dir.resolve("local/lakehouse"), TestLakehouses.newCatalog(), List.of()), tables);
    org.assertj.core.api.SoftAssertions soft = new org.assertj.core.api.SoftAssertions();
    for (String table : tables) {
      soft.assertThat(fromCluster.get(table)).as("gold." + table + " (cluster vs local)")
          .containsExactlyElementsOf(fromLocal.get(table));
    }
    soft.assertAll();
    assertThat(fromLocal.get("customer_360")).hasSizeGreaterThan(40);
  }

  @Test
  @Order(4)
  void sqlReadsTheLakehouseOnS3AndEveryRecordIsAccountedFor() throws Exception {
    s3.assertSqlReadsTheLakehouseAndEveryRecordIsAccountedFor(generated);
  }

  @Test
  @Order(5)
  void anErasureRemovesThePersonFromEveryObjectInTheBucket() throws Exception {
    s3.assertAnErasureRemovesThePersonFromEveryObject();
  }

  /** The cluster's lakehouse, opened in this JVM's session through conf/env/s3.yaml. */
  private Lakehouse onS3() {
    TestLakehouses.forgetRegisteredTables();
    List<String> sets = List.of("spark.master=local[2]", "catalog.iceberg-name=" + TestLakehouses.newCatalog(),
        // this JVM's environment has no AWS_* variables for S3A's default chain to find
        "spark.conf.spark.hadoop.fs.s3a.access.key=" + s3.endpoint().accessKey(),
        "spark.conf.spark.hadoop.fs.s3a.secret.key=" + s3.endpoint().secretKey());
    EnvironmentConfig env = EnvironmentConfig.load(TestLakehouses.conf(),
        TestLakehouses.conf().resolve("env/s3.yaml"), sets, s3.env());
    return Session.open(env, Project.load(TestLakehouses.conf()));
  }

  /**
   * Each gold table's rows as sorted JSON, with every customer id replaced by the customer's
   * smallest identifier (ids are minted per lakehouse) and the run's own timestamps left out.
   */
  private static Map<String, List<String>> gold(Lakehouse lake, List<String> tables) {
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
