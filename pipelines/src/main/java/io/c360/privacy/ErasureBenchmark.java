package io.c360.privacy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.not;

import io.c360.conform.IdentifierArgument;
import io.c360.config.EnvironmentConfig;
import io.c360.config.Project;
import io.c360.config.TableName;
import io.c360.lake.Lakehouse;
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
public final class ErasureBenchmark {
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
    List<String> emails = lake.read(Subject.IDENTITY_MAP).where(col("id_type").equalTo("email"))
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
    ErasurePlanner.Plan plan = plan(lake, requests);
    long[] files = files(lake, plan);
    out.printf(Locale.ROOT, "c360: erasing %d people (%,d rows in %d of %d data files)%n", requests.size(), rows(plan),
        files[0], files[1]);
    Salts.Salt salt = new Salts.Salt("benchmark-salt", "the benchmark");
    Eraser eraser = new Eraser(lake, project, salt, Clock.systemUTC());
    long start = System.nanoTime();
    List<Eraser.Outcome> outcomes = eraser.erase(requests, "bench-c360");
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, Long> rewritten = new LinkedHashMap<>();
    outcomes.forEach(o -> o.filesRewritten().forEach((t, n) -> rewritten.merge(t, n, Math::max)));
    long landed = outcomes.stream().flatMap(o -> o.files().stream()).distinct().count();
    out.printf(Locale.ROOT, "c360: %d landing and export files rewritten or deleted%n", landed);
    long failed = outcomes.stream().filter(o -> !o.traces().isEmpty()).count();
    if (failed > 0) {
      out.printf(Locale.ROOT, "c360: %d of %d requests failed verification%n", failed, outcomes.size());
    }
    return new Measurement("c360", requests.size(), rows(plan), files[0], files[1],
        rewritten.values().stream().mapToLong(Long::longValue).sum(), seconds, eraser.phases());
  }

  /** The same rows found the same way; every table holding any of them rewritten whole, then purged. */
  private Measurement baseline(Lakehouse lake, List<ErasureRequest> requests, PrintStream out) {
    long start = System.nanoTime();
    ErasurePlanner.Plan plan = plan(lake, requests);
    double planned = (System.nanoTime() - start) / 1e9;
    long[] files = files(lake, plan);
    out.printf(Locale.ROOT, "baseline: rewriting every table holding them in full%n");
    long t0 = System.nanoTime();
    TableEraser tables = new TableEraser(lake, project.privacy().retainHours());
    long rewritten = 0;
    List<TableName> touched = new ArrayList<>();
    for (ErasurePlanner.TablePlan t : plan.tables()) {
      if (t.fingerprints().isEmpty()) {
        continue;
      }
      TableName name = t.target().table();
      Dataset<Row> all = lake.read(name);
      rewritten += all.inputFiles().length;
      Dataset<Row> kept = all.where(not(TableEraser.fingerprint(all.columns(), null).isin(t.fingerprints().toArray())))
          .localCheckpoint(true);
      lake.overwrite(name, kept);
      touched.add(name);
    }
    double deleted = (System.nanoTime() - t0) / 1e9;
    long t1 = System.nanoTime();
    tables.purgeAll(touched);
    double purged = (System.nanoTime() - t1) / 1e9;
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, Double> phases = new LinkedHashMap<>();
    phases.put("plan", planned);
    phases.put("delete", deleted);
    phases.put("purge", purged);
    return new Measurement("baseline", requests.size(), rows(plan), files[0], files[1], rewritten, seconds, phases);
  }

  private ErasurePlanner.Plan plan(Lakehouse lake, List<ErasureRequest> requests) {
    List<ErasurePlanner.Person> people = requests.stream()
        .map(r -> new ErasurePlanner.Person(r.requestId(), Subject.resolve(lake, r.identifiers()))).toList();
    return new ErasurePlanner(lake).plan(ErasureTargets.of(project.privacy(), project.sources().values()), people);
  }

  private static long rows(ErasurePlanner.Plan plan) {
    return plan.tables().stream().mapToLong(t -> t.fingerprints().size()).sum();
  }

  /** Data files holding any of the people, and all data files, over the tables that hold any. */
  private static long[] files(Lakehouse lake, ErasurePlanner.Plan plan) {
    long holding = 0;
    long all = 0;
    for (ErasurePlanner.TablePlan t : plan.tables()) {
      if (t.fingerprints().isEmpty()) {
        continue;
      }
      Dataset<Row> rows = lake.read(t.target().table());
      all += rows.inputFiles().length;
      holding += rows.where(TableEraser.fingerprint(rows.columns(), null).isin(t.fingerprints().toArray()))
          .select(input_file_name()).distinct().count();
    }
    return new long[] {holding, all};
  }

  public static void print(List<Measurement> results, PrintStream out) {
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
