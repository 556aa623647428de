package io.c360.testing;

import io.c360.cli.Session;
import io.c360.config.EnvironmentConfig;
import io.c360.config.Project;
import io.c360.lake.Lakehouse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.SparkSession;

/**
 * Lakehouses for tests. Every test class shares the JVM's one SparkSession (starting one takes
 * seconds); each opens its own lakehouse folder with its own Iceberg catalog name, after the
 * previous class's table registrations are dropped (the files stay).
 */
public final class TestLakehouses {
  private static final AtomicInteger CATALOGS = new AtomicInteger();

  private TestLakehouses() {}

  /** The repository's conf/ folder. */
  public static Path conf() {
    return repoRoot().resolve("conf");
  }

  public static Path repoRoot() {
    return Path.of(System.getProperty("c360.repo.root", "..")).toAbsolutePath().normalize();
  }

  /** The command-line arguments that point a c360 command at a test lakehouse. */
  public static List<String> args(Path landing, Path lakehouse, String catalog) {
    return new ArrayList<>(List.of("--conf", conf().toString(),
        "--set", "paths.landing=" + landing,
        "--set", "paths.lakehouse=" + lakehouse,
        "--set", "paths.exports=" + lakehouse.resolveSibling("exports"),
        "--set", "spark.master=local[2]",
        "--set", "catalog.iceberg-name=" + catalog));
  }

  /** A fresh Iceberg catalog name, so each test lakehouse gets its own warehouse. */
  public static String newCatalog() {
    return "iceberg_test_" + CATALOGS.incrementAndGet();
  }

  /** Forgets every table registered by an earlier test in this JVM (files are not touched). */
  public static void forgetRegisteredTables() {
    SparkSession.getActiveSession().foreach(spark -> {
      Lakehouse.forgetRegisteredTables(spark);
      return null;
    });
    SparkSession.getDefaultSession().foreach(spark -> {
      Lakehouse.forgetRegisteredTables(spark);
      return null;
    });
  }

  /** Opens a lakehouse at {@code lakehouse} with the repository's conf and these overrides. */
  public static Lakehouse open(Path landing, Path lakehouse, String catalog, List<String> sets) {
    forgetRegisteredTables();
    List<String> all = new ArrayList<>(List.of(
        "paths.landing=" + landing, "paths.lakehouse=" + lakehouse,
        "paths.exports=" + lakehouse.resolveSibling("exports"), "spark.master=local[2]",
        "catalog.iceberg-name=" + catalog));
    all.addAll(sets);
    EnvironmentConfig env = EnvironmentConfig.load(conf(), conf().resolve("env/local.yaml"), all, System.getenv());
    return Session.open(env, Project.load(conf()));
  }

  /**
   * Opens a lakehouse with a project loaded once by the caller (a test class opening one lakehouse
   * per method loads conf/ once, not per method).
   */
  public static Lakehouse open(Path landing, Path lakehouse, String catalog, List<String> sets, Project project) {
    forgetRegisteredTables();
    List<String> all = new ArrayList<>(List.of(
        "paths.landing=" + landing, "paths.lakehouse=" + lakehouse,
        "paths.exports=" + lakehouse.resolveSibling("exports"), "spark.master=local[2]",
        "catalog.iceberg-name=" + catalog));
    all.addAll(sets);
    EnvironmentConfig env = EnvironmentConfig.load(conf(), conf().resolve("env/local.yaml"), all, System.getenv());
    return Session.open(env, project);
  }

  /** What a command printed, on stdout and on stderr, and the exit code it returned. */
  public record CliRun(int exit, String stdout, String stderr) {}

  /** Runs a c360 command line in this JVM (forgetting earlier tests' tables first), capturing stdout and stderr. */
  public static CliRun cli(List<String> args) {
    forgetRegisteredTables();
    java.io.PrintStream stdout = System.out;
    java.io.PrintStream stderr = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
    int exit;
    try {
      System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
      System.setErr(new java.io.PrintStream(errors, true, java.nio.charset.StandardCharsets.UTF_8));
      exit = io.c360.cli.Main.execute(args.toArray(String[]::new));
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
    String err = errors.toString(java.nio.charset.StandardCharsets.UTF_8);
    stderr.print(err); // still in the test's report
    return new CliRun(exit, captured.toString(java.nio.charset.StandardCharsets.UTF_8), err);
  }

  /** A table's rows in a form exceptAll can compare: maps (unordered in Spark) as sorted entry arrays. */
  public static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> comparable(
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows) {
    for (var f : rows.schema().fields()) {
      if (f.dataType() instanceof org.apache.spark.sql.types.MapType) {
        rows = rows.withColumn(f.name(), org.apache.spark.sql.functions.expr("array_sort(map_entries(" + f.name() + "))"));
      }
    }
    return rows;
  }
}
