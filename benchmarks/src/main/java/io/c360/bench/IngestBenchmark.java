package io.c360.bench;

import io.c360.config.SourceConfig;
import io.c360.ingest.IngestStep;
import io.c360.job.RunContext;
import io.c360.job.StepResult;
import io.c360.lake.Lakehouse;
import io.c360.privacy.SuppressionList;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * Ingestion measured against its baseline in one process, on the same landed files: c360's ingest
 * step (ledger, checksums, parse with a schema, quarantine, reconciliation, Delta) against a plain
 * {@code spark.read().json(...).write().format("delta")} copy. Each runs once to warm up, then is
 * timed.
 */
final class IngestBenchmark {
  /** One measured run. */
  public record Measurement(String method, long rows, double seconds) {
    public double rowsPerSecond() {
      return rows / seconds;
    }
  }

  private final Lakehouse lake;
  private final SourceConfig source;

  public IngestBenchmark(Lakehouse lake, SourceConfig source) {
    this.lake = lake;
    this.source = source;
  }

  /** Runs baseline and c360 {@code rounds} times each, alternating, after one warm-up of each. */
  public List<Measurement> run(int rounds, String scratch) {
    List<Measurement> out = new ArrayList<>();
    for (int round = 0; round <= rounds; round++) {
      Measurement[] pair = once(scratch, round);
      if (round > 0) {
        out.addAll(List.of(pair));
      }
    }
    return out;
  }

  /** The baseline, then c360, once each, into fresh tables under {@code scratch}: {baseline, c360}. */
  public Measurement[] once(String scratch, int round) {
    SparkSession spark = lake.spark();
    String files = lake.env().landing() + "/" + source.path();
    String baselinePath = scratch + "/baseline-" + round;
    long t0 = System.nanoTime();
    spark.read().option("recursiveFileLookup", "true").json(files).write().format("delta").mode("overwrite")
        .save(baselinePath);
    double baselineSeconds = (System.nanoTime() - t0) / 1e9;
    long baselineRows = spark.read().format("delta").load(baselinePath).count();

    Lakehouse.forgetRegisteredTables(spark);
    Lakehouse fresh = new Lakehouse(spark, lake.env().withPaths(lake.env().landing(), scratch + "/c360-" + round))
        .bootstrap();
    long t1 = System.nanoTime();
    StepResult result = new IngestStep(fresh, source, SuppressionList.load(fresh, SuppressionList.salt(fresh)))
        .apply(new RunContext("bench-" + round, 1000L + round, Instant.now()));
    double c360Seconds = (System.nanoTime() - t1) / 1e9;
    return new Measurement[] {new Measurement("plain spark.read.json -> delta", baselineRows, baselineSeconds),
        new Measurement("c360 ingest step", result.rowsRead(), c360Seconds)};
  }

  /** The table the benchmark prints: per method, rows, seconds, rows/s, and time relative to the baseline. */
  public static void print(List<Measurement> measurements, PrintStream out) {
    double baseline = measurements.stream().filter(m -> m.method().startsWith("plain"))
        .mapToDouble(Measurement::seconds).average().orElse(Double.NaN);
    out.printf(Locale.ROOT, "%-34s %12s %9s %12s %10s%n", "method", "rows", "seconds", "rows/s", "vs plain");
    for (Measurement m : measurements) {
      out.printf(Locale.ROOT, "%-34s %,12d %9.2f %,12.0f %9.2fx%n", m.method(), m.rows(), m.seconds(), m.rowsPerSecond(),
          m.seconds() / baseline);
    }
  }
}
