package io.c360.bench;

import io.c360.cli.Session;
import io.c360.config.EnvironmentConfig;
import io.c360.config.Project;
import io.c360.lake.Lakehouse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.SparkSession;

/**
 * Lakehouses and bench command lines for the benchmarks' smoke tests, on the repository's conf/:
 * the JVM's one SparkSession, each lakehouse with its own Iceberg catalog name.
 */
final class BenchTests {
  private static final AtomicInteger CATALOGS = new AtomicInteger();

  private BenchTests() {}

  static Path conf() {
    return Path.of(System.getProperty("c360.repo.root", "..")).toAbsolutePath().normalize().resolve("conf");
  }

  /** The overrides that put a lakehouse under {@code dir}, with a catalog name of its own. */
  private static List<String> sets(Path dir) {
    return List.of("paths.landing=" + dir.resolve("landing"), "paths.lakehouse=" + dir.resolve("lake"),
        "paths.exports=" + dir.resolve("exports"), "spark.master=local[2]",
        "catalog.iceberg-name=iceberg_bench_" + CATALOGS.incrementAndGet());
  }

  /** A lakehouse under {@code dir} (landing, lake, exports), earlier tests' tables forgotten. */
  static Lakehouse open(Path dir) {
    forgetRegisteredTables();
    EnvironmentConfig env = EnvironmentConfig.load(conf(), conf().resolve("env/local.yaml"), sets(dir), System.getenv());
    return Session.open(env, Project.load(conf()));
  }

  /** {@code bench} arguments: the stage (or none), the environment under {@code dir}, then {@code more}. */
  static List<String> args(Path dir, List<String> more) {
    List<String> args = new ArrayList<>(List.of("--conf", conf().toString()));
    sets(dir).forEach(s -> args.addAll(List.of("--set", s)));
    args.addAll(more);
    return args;
  }

  /** What a bench command printed and the exit code it returned. */
  record Run(int exit, String stdout) {}

  /** Runs {@code bin/c360 bench} with these arguments in this JVM, capturing stdout. */
  static Run bench(List<String> args) {
    forgetRegisteredTables();
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int exit;
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      exit = BenchMain.execute(args.toArray(String[]::new));
    } finally {
      System.setOut(stdout);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    System.out.print(out); // the figures, for the build log
    return new Run(exit, out);
  }

  private static void forgetRegisteredTables() {
    SparkSession.getActiveSession().foreach(spark -> {
      Lakehouse.forgetRegisteredTables(spark);
      return null;
    });
  }
}
