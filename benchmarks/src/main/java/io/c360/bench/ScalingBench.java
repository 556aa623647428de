package io.c360.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.xxhash64;

import io.c360.cli.Jobs;
import io.c360.cli.Session;
import io.c360.config.EnvironmentConfig;
import io.c360.config.Project;
import io.c360.config.TableName;
import io.c360.job.JobPlan;
import io.c360.job.JobRun;
import io.c360.job.StepRun;
import io.c360.lake.Lakehouse;
import io.c360.sample.LandingGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One size of a scaling run, in this process, every stage against its baseline on the same data:
 *
 * <ol>
 *   <li>ingest: c360's ingest step against a plain JSON-to-Delta copy of the same web events;
 *   <li>the daily job on all days but the last, then the last day landed (1/days of the data): the
 *       incremental run against a full refresh, each on its own copy of the lakehouse;
 *   <li>identity: c360's connected components against label propagation in Spark SQL and GraphX,
 *       on the identifier pairs the daily job wrote (silver.identity_edges), each timed three times
 *       (the median reported);
 *   <li>erasure: 1% of the customers erased at once by c360 and by a full rewrite of every table
 *       holding them, each on its own copy.
 * </ol>
 */
final class ScalingBench {
  private static final TableName EDGES = TableName.of("silver", "identity_edges");
  /** Identity takes a second or two: each algorithm is timed this many times and the median reported. */
  private static final int IDENTITY_ROUNDS = 3;
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  private final EnvironmentConfig base;
  private final Project project;
  private final Path jobFile;
  private final Path out;
  private final PrintStream log;

  ScalingBench(EnvironmentConfig base, Project project, Path jobFile, Path out, PrintStream log) {
    this.base = base;
    this.project = project;
    this.jobFile = jobFile;
    this.out = out;
    this.log = log;
  }

  /** Every stage at one size; the scratch lakehouses are deleted afterwards, the generated data kept. */
  List<StageResult> measure(BenchSizes.Size size) throws IOException {
    Path landing = landing(size);
    // One folder per size: Delta caches a table's log by path, and a table made again at a path it
    // has cached (the last size's) is reported as changed under it.
    Path scratch = out.resolve("scratch-" + size.name());
    BenchFiles.delete(scratch);
    List<StageResult> results = new ArrayList<>();
    results.add(ingest(size, landing, scratch.resolve("ingest")));
    results.add(daily(size, landing, scratch));
    results.addAll(identity(size, scratch.resolve("incremental")));
    results.add(erasure(size, scratch));
    BenchFiles.delete(scratch);
    return results;
  }

  /** The size's generated landing zone, made once and kept under {@code out/data}. */
  private Path landing(BenchSizes.Size size) throws IOException {
    var s = size.settings();
    Path landing = out.resolve("data").resolve("landing-" + s.customers() + "x" + s.days() + "-" + s.seed());
    if (!Files.isDirectory(landing)) {
      log.printf(Locale.ROOT, "%s: generating %,d customers over %d days into %s%n", size.name(), s.customers(),
          s.days(), landing);
      Path partial = landing.resolveSibling(landing.getFileName() + ".partial");
      BenchFiles.delete(partial);
      new LandingGenerator(s).generate(partial);
      Files.move(partial, landing);
    }
    return landing;
  }

  private StageResult ingest(BenchSizes.Size size, Path landing, Path scratch) {
    Lakehouse lake = open(base.withPaths(landing.toString(), scratch.resolve("lake").toString()));
    IngestBenchmark.Measurement[] pair;
    long peak;
    try (PeakHeap heap = PeakHeap.start()) {
      pair = new IngestBenchmark(lake, project.source("web_events")).once(scratch.toString(), 0);
      peak = heap.peakBytes();
    }
    log.printf(Locale.ROOT, "%s: ingest %,d web events: c360 %.1f s, plain copy %.1f s%n", size.name(),
        pair[1].rows(), pair[1].seconds(), pair[0].seconds());
    return new StageResult("ingest", size.name(), pair[1].rows(), pair[1].seconds(), OptionalLong.of(peak),
        "plain spark.read.json -> delta", pair[0].seconds());
  }

  /**
   * Builds a lakehouse from every day but the last, copies it, lands the last day in both, and runs
   * the daily job incrementally on one and with a full refresh on the other.
   */
  private StageResult daily(BenchSizes.Size size, Path landing, Path scratch) throws IOException {
    String lastDay = size.settings().startDate().plusDays(size.settings().days() - 1L).toString();
    Path incremental = scratch.resolve("incremental");
    Path full = scratch.resolve("full");
    BenchFiles.copy(landing, scratch.resolve("landing"), p -> !p.toString().contains(lastDay)
        && !p.startsWith("ground_truth"));
    JobPlan plan = Jobs.plan(jobFile, project, null, null);
    JobRun first = job(incremental, plan, false);
    long earlier = ingested(first);
    log.printf(Locale.ROOT, "%s: daily job on %d of %d days (%,d records): %.1f s%n", size.name(),
        size.settings().days() - 1, size.settings().days(), earlier, first.seconds());
    BenchFiles.copy(incremental, full, p -> true);
    BenchFiles.copy(landing, scratch.resolve("landing"), p -> p.toString().contains(lastDay)
        && !p.startsWith("ground_truth"));
    JobRun next;
    long peak;
    try (PeakHeap heap = PeakHeap.start()) {
      next = job(incremental, plan, false);
      peak = heap.peakBytes();
    }
    JobRun refresh = job(full, plan, true);
    long added = ingested(next);
    log.printf(Locale.ROOT, "%s: the last day (%,d records, %.1f%% of all): incremental %.1f s, full refresh %.1f s%n",
        size.name(), added, 100.0 * added / (earlier + added), next.seconds(), refresh.seconds());
    log.printf(Locale.ROOT, "%s:   %-32s %12s %12s  %s%n", size.name(), "step (seconds)", "incremental", "full refresh",
        "incremental path");
    for (int i = 0; i < next.steps().size() && i < refresh.steps().size(); i++) {
      log.println(String.format(Locale.ROOT, "%s:   %-32s %12.1f %12.1f  %s", size.name(), next.steps().get(i).step(),
          next.steps().get(i).seconds(), refresh.steps().get(i).seconds(), path(next.steps().get(i).result()))
          .stripTrailing());
    }
    return new StageResult("daily-incremental", size.name(), added, next.seconds(), OptionalLong.of(peak),
        "full refresh", refresh.seconds());
  }

  private JobRun job(Path dir, JobPlan plan, boolean fullRefresh) {
    Lakehouse lake = open(at(dir));
    JobRun run = Jobs.run(lake, project, plan, fullRefresh, QUIET);
    run.firstFailure().ifPresent(f -> {
      throw new IllegalStateException("bench: the daily job failed in " + dir + " at step " + f.step() + ": "
          + f.error());
    });
    return run;
  }

  private static long ingested(JobRun run) {
    return run.steps().stream().filter(s -> "ingest".equals(s.kind()) && s.status() == StepRun.Status.SUCCEEDED)
        .mapToLong(s -> s.result().rowsRead()).sum();
  }

  /** Connected components of the identifier pairs the daily job found, by c360 and both baselines. */
  private List<StageResult> identity(BenchSizes.Size size, Path dir) {
    Lakehouse lake = open(at(dir));
    Dataset<Row> edges = lake.read(EDGES)
        .select(xxhash64(col("from_id_type"), col("from_id_value")).as("src"),
            xxhash64(col("to_id_type"), col("to_id_value")).as("dst"))
        .distinct().localCheckpoint(true);
    ComponentsBenchmark bench = new ComponentsBenchmark(lake.spark());
    List<List<ComponentsBenchmark.Measurement>> rounds = new ArrayList<>();
    for (int i = 0; i < IDENTITY_ROUNDS; i++) {
      rounds.add(bench.measure(edges));
    }
    List<ComponentsBenchmark.Measurement> m = ComponentsBenchmark.median(rounds);
    ComponentsBenchmark.Measurement c360 = m.get(0);
    log.printf(Locale.ROOT, "%s: identity on %,d identifier pairs (%,d components): c360 %.1f s, label propagation "
        + "%.1f s, GraphX %.1f s%n", size.name(), c360.edges(), c360.components(), c360.seconds(), m.get(1).seconds(),
        m.get(2).seconds());
    return List.of(
        new StageResult("identity", size.name(), c360.edges(), c360.seconds(), OptionalLong.empty(),
            "label propagation (Spark SQL)", m.get(1).seconds()),
        new StageResult("identity", size.name(), c360.edges(), c360.seconds(), OptionalLong.empty(),
            "GraphX connectedComponents", m.get(2).seconds()));
  }

  /**
   * 1% of the customers (at least one) erased from two copies of the lakehouse after the incremental
   * run. c360's erasure also rewrites the landing files holding them (the shared landing zone; nothing
   * reads it afterwards); the baseline only rewrites tables.
   */
  private StageResult erasure(BenchSizes.Size size, Path scratch) throws IOException {
    for (String copy : List.of("erase-c360", "erase-baseline")) {
      BenchFiles.copy(scratch.resolve("incremental"), scratch.resolve(copy), p -> true);
    }
    int people = Math.max(1, size.settings().customers() / 100);
    var bench = new ErasureBenchmark(project, this::open);
    List<ErasureBenchmark.Measurement> m = bench.run(at(scratch.resolve("erase-c360")),
        at(scratch.resolve("erase-baseline")), people, QUIET);
    ErasureBenchmark.Measurement c360 = m.get(0);
    ErasureBenchmark.Measurement baseline = m.get(1);
    log.printf(Locale.ROOT, "%s: erasing %d %s (%,d rows; files holding them %d of %d): c360 %.1f s rewriting "
        + "%d files, full rewrite %.1f s rewriting %d%n", size.name(), c360.people(), c360.people() == 1 ? "person"
        : "people", c360.rows(), c360.filesHolding(),
        c360.filesInTables(), c360.seconds(), c360.filesRewritten(), baseline.seconds(), baseline.filesRewritten());
    log.printf(Locale.ROOT, "%s:   phases (s): c360 %s; full rewrite %s%n", size.name(), phases(c360.phases()),
        phases(baseline.phases()));
    return new StageResult("erasure", size.name(), c360.rows(), c360.seconds(), OptionalLong.empty(),
        "full-table rewrite", baseline.seconds());
  }

  private static String phases(java.util.Map<String, Double> phases) {
    StringBuilder b = new StringBuilder();
    phases.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.1f", k, v)));
    return b.toString();
  }

  private Lakehouse open(EnvironmentConfig env) {
    return Session.reopen(env, project);
  }

  /**
   * The environment of one copy: its lakehouse and exports under {@code dir}, the landing zone shared
   * by all copies (the ledger names landed files by path, so every copy must see them at one path).
   */
  private EnvironmentConfig at(Path dir) {
    return base.withPaths(dir.resolveSibling("landing").toString(), dir.resolve("lake").toString())
        .withExports(dir.resolve("exports").toString());
  }

  /**
   * Which way an incremental step wrote its table, from its figures: rebuilt, or merged (with the
   * customers it computed, for gold's customer tables); empty for steps that do not say.
   */
  static String path(io.c360.job.StepResult result) {
    if (result == null || !result.figures().containsKey("rebuilt")) {
      return "";
    }
    String way = result.figures().get("rebuilt") == 1L ? "rebuilt" : "merged";
    Long customers = result.figures().get("customers_computed");
    return customers == null ? way : String.format(Locale.ROOT, "%s (%,d customers computed)", way, customers);
  }
}
