package io.c360.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.not;

import io.c360.conform.IdentifierArgument;
import io.c360.config.EnvironmentConfig;
import io.c360.config.Project;
import io.c360.config.TableName;
import io.c360.lake.Lakehouse;
import io.c360.privacy.Eraser;
import io.c360.privacy.ErasureRequest;
import io.c360.privacy.ErasureRows;
import io.c360.privacy.Salts;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Erasing many people at once from copies of one lakehouse, in one process: c360's erasure (rows
 * found, files outside the tables rewritten, rows deleted by fingerprint, purge, verification)
 * against a baseline that finds the same rows the same way, then rewrites every table that holds
 * any of them in full and purges it. Reports seconds and the data files rewritten, beside the data
 * files that held the people and all the tables' data files.
 */
final class ErasureBenchmark {
  private static final TableName IDENTITY_MAP = TableName.of("gold", "identity_map");

  private final Project project;
  private final Function<EnvironmentConfig, Lakehouse> open;

  /** @param open opens a lakehouse by its environment (the CLI's session bootstrap) */
  public ErasureBenchmark(Project project, Function<EnvironmentConfig, Lakehouse> open) {
    this.project = project;
    this.open = open;
  }

  /** One method's figures. */
  public record Measurement(String method, int people, long rows, long filesHolding, long filesInTables,
      long filesRewritten, double seconds, Map<String, Double> phases) {}

  /**
   * @param c360 a copy of the lakehouse (with landing and exports) for c360's erasure
   * @param baseline another copy, for the baseline
   */
  public List<Measurement> run(EnvironmentConfig c360, EnvironmentConfig baseline, int people, PrintStream out) {
    Lakehouse lake = open.apply(c360);
    List<String> emails = lake.read(IDENTITY_MAP).where(col("id_type").equalTo("email"))
        .groupBy("customer_id").agg(org.apache.spark.sql.functions.min("id_value").as("email"))
        .orderBy("customer_id").limit(people).select("email").as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList();
    Instant now = Instant.now();
    List<ErasureRequest> requests = new ArrayList<>();
    for (int i = 0; i < emails.size(); i++) {
      requests.add(new ErasureRequest("B-" + (i + 1), "gdpr", now,
          List.of(IdentifierArgument.parse("email:" + emails.get(i), project.identity())), "benchmark"));
    }
    List<Measurement> results = new ArrayList<>();
    results.add(c360(lake, requests, out));
    results.add(baseline(open.apply(baseline), requests, out));
    return results;
  }

  private Measurement c360(Lakehouse lake, List<ErasureRequest> requests, PrintStream out) {
    List<ErasureRows.Held> held = ErasureRows.find(lake, project, requests);
    long[] files = files(lake, held);
    out.printf(Locale.ROOT, "c360: erasing %d people (%,d rows in %d of %d data files)%n", requests.size(), rows(held),
        files[0], files[1]);
    Salts.Salt salt = new Salts.Salt("benchmark-salt", "the benchmark");
    long start = System.nanoTime();
    List<Eraser.Outcome> outcomes = new Eraser(lake, project, salt, Clock.systemUTC()).erase(requests, "bench-c360");
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, Long> rewritten = new LinkedHashMap<>();
    outcomes.forEach(o -> o.filesRewritten().forEach((t, n) -> rewritten.merge(t, n, Math::max)));
    long landed = outcomes.stream().flatMap(o -> o.files().stream()).distinct().count();
    out.printf(Locale.ROOT, "c360: %d landing and export files rewritten or deleted%n", landed);
    long failed = outcomes.stream().filter(o -> !o.traces().isEmpty()).count();
    if (failed > 0) {
      out.printf(Locale.ROOT, "c360: %d of %d requests failed verification%n", failed, outcomes.size());
    }
    // One run erased them all: every outcome carries the same phases.
    Map<String, Double> phases = outcomes.isEmpty() ? Map.of() : outcomes.get(0).phaseSeconds();
    return new Measurement("c360", requests.size(), rows(held), files[0], files[1],
        rewritten.values().stream().mapToLong(Long::longValue).sum(), seconds, phases);
  }

  /** The same rows found the same way; every table holding any of them rewritten whole, then purged. */
  private Measurement baseline(Lakehouse lake, List<ErasureRequest> requests, PrintStream out) {
    long start = System.nanoTime();
    List<ErasureRows.Held> held = ErasureRows.find(lake, project, requests);
    double planned = (System.nanoTime() - start) / 1e9;
    long[] files = files(lake, held);
    out.printf(Locale.ROOT, "baseline: rewriting every table holding them in full%n");
    long t0 = System.nanoTime();
    long rewritten = 0;
    List<TableName> touched = new ArrayList<>();
    for (ErasureRows.Held t : held) {
      Dataset<Row> all = lake.read(t.table());
      rewritten += all.inputFiles().length;
      lake.overwrite(t.table(), all.where(not(t.holding())).localCheckpoint(true));
      touched.add(t.table());
    }
    double deleted = (System.nanoTime() - t0) / 1e9;
    long t1 = System.nanoTime();
    ErasureRows.purge(lake, project, touched);
    double purged = (System.nanoTime() - t1) / 1e9;
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, Double> phases = new LinkedHashMap<>();
    phases.put("plan", planned);
    phases.put("delete", deleted);
    phases.put("purge", purged);
    return new Measurement("baseline", requests.size(), rows(held), files[0], files[1], rewritten, seconds, phases);
  }

  private static long rows(List<ErasureRows.Held> held) {
    return held.stream().mapToLong(ErasureRows.Held::rows).sum();
  }

  /** Data files holding any of the people, and all data files, over the tables that hold any. */
  private static long[] files(Lakehouse lake, List<ErasureRows.Held> held) {
    long holding = 0;
    long all = 0;
    for (ErasureRows.Held t : held) {
      Dataset<Row> rows = lake.read(t.table());
      all += rows.inputFiles().length;
      holding += rows.where(t.holding()).select(input_file_name()).distinct().count();
    }
    return new long[] {holding, all};
  }

  static void print(List<Measurement> results, PrintStream out) {
    out.printf(Locale.ROOT, "%-9s %7s %9s %15s %15s %9s  %s%n", "method", "people", "rows", "files holding",
        "files rewritten", "seconds", "phases (s)");
    for (Measurement m : results) {
      StringBuilder phases = new StringBuilder();
      m.phases().forEach((k, v) -> phases.append(String.format(Locale.ROOT, "%s %.1f  ", k, v)));
      out.printf(Locale.ROOT, "%-9s %7d %,9d %7d of %5d %15d %9.1f  %s%n", m.method(), m.people(), m.rows(),
          m.filesHolding(), m.filesInTables(), m.filesRewritten(), m.seconds(), phases.toString().trim());
    }
    if (results.size() == 2) {
      Measurement c = results.get(0);
      Measurement b = results.get(1);
      double cCore = c.phases().getOrDefault("plan", 0.0) + c.phases().getOrDefault("delete", 0.0)
          + c.phases().getOrDefault("purge", 0.0);
      out.printf(Locale.ROOT, "c360 / baseline: %.2fx the time in all (c360 also rewrites landing files and "
          + "verifies), %.2fx for finding, deleting and purging; %.2fx the files rewritten%n", c.seconds() / b.seconds(),
          cCore / b.seconds(), (double) c.filesRewritten() / Math.max(1, b.filesRewritten()));
    }
  }
}
