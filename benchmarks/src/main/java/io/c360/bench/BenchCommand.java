package io.c360.bench;

import io.c360.cli.EnvOptions;
import io.c360.cli.Jobs;
import io.c360.cli.SampleOptions;
import io.c360.cli.Session;
import io.c360.config.ConfigException;
import io.c360.config.EnvironmentConfig;
import io.c360.config.Project;
import io.c360.lake.Lakehouse;
import io.c360.sample.GeneratorSettings;
import io.c360.sample.LandingGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Measure c360 against its baselines in one process on generated data.",
        "Without STAGE: a scaling run over --sizes sizes (each 4x the customers of the last, --days days): ingest, "
            + "the incremental daily run on the last day against a full refresh, identity and erasure; prints a "
            + "table and writes bench.json and bench.md under --out.",
        "With STAGE (ingest, identity or erasure): that stage alone, in more detail."})
final class BenchCommand implements Callable<Integer> {
  @Mixin
  EnvOptions options;

  @Mixin
  SampleOptions sample;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "STAGE",
      description = "ingest, identity or erasure; none for the scaling run")
  String stage;

  @Option(names = "--scale", defaultValue = "1",
      description = "Scaling run: customers of the smallest size are 250 x SCALE (default: ${DEFAULT-VALUE}).")
  double scale;

  @Option(names = "--job", paramLabel = "FILE",
      description = {"The job that builds the lakehouse (default: <conf>/jobs/daily.yaml): the scaling run measures it "
          + "incremental against a full refresh; erasure erases from what it built."})
  Path job;

  @Option(names = "--no-warmup", description = "Scaling run: skip the unreported warm-up on a tenth of the smallest size.")
  boolean noWarmup;

  @Option(names = "--edges", defaultValue = "250000",
      description = "identity: edges of the smallest graph (default: ${DEFAULT-VALUE}).")
  long edges;

  @Option(names = "--sizes", defaultValue = "3",
      description = "Sizes measured, each four times the last (default: ${DEFAULT-VALUE}).")
  int sizes;

  @Option(names = "--out", defaultValue = "bench-results", description = "Scratch and results folder (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--people", defaultValue = "100",
      description = "erasure: people erased at once (default: ${DEFAULT-VALUE}).")
  int people;

  @Option(names = "--rounds", defaultValue = "2", description = "Timed rounds after the warm-up (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Override
  public Integer call() throws Exception {
    if (stage == null) {
      return scaling();
    }
    if (stage.equals("identity")) {
      EnvironmentConfig env = options.load();
      Lakehouse lake = Session.open(env, Project.load(options.conf()));
      var bench = new ComponentsBenchmark(lake.spark());
      List<ComponentsBenchmark.Measurement> results = bench.run(edges, sizes, System.out);
      ComponentsBenchmark.print(results, System.out);
      return 0;
    }
    if (stage.equals("erasure")) {
      return erasure();
    }
    if (!stage.equals("ingest")) {
      throw new ConfigException("bench: unknown stage '" + stage + "' (stages: ingest, identity, erasure)");
    }
    Path root = out.toAbsolutePath().normalize();
    Path landing = root.resolve("landing-" + key());
    if (!Files.isDirectory(landing)) {
      System.out.println("generating " + sample + " into " + landing);
      new LandingGenerator(sample.settings()).generate(landing);
    }
    Path scratch = root.resolve("scratch");
    BenchFiles.delete(scratch);
    EnvironmentConfig env = options.load().withPaths(landing.toString(), scratch.resolve("lake").toString());
    Project project = Project.load(options.conf());
    Lakehouse lake = Session.open(env, project);
    List<IngestBenchmark.Measurement> results =
        new IngestBenchmark(lake, project.source("web_events")).run(rounds, scratch.toString());
    IngestBenchmark.print(results, System.out);
    BenchFiles.delete(scratch);
    return 0;
  }

  /** Every stage at each size against its baselines; the table, the targets' verdicts, bench.json and bench.md. */
  private Integer scaling() throws Exception {
    // The scaling run's days default to 100 (the last one is the incremental run's 1%), not the sample's 14.
    GeneratorSettings settings = sample.settings();
    int days = spec.commandLine().getParseResult().hasMatchedOption("--days") ? settings.days() : BenchSizes.DAYS;
    List<BenchSizes.Size> sizes = BenchSizes.of(scale, this.sizes, days, settings.seed());
    Path root = out.toAbsolutePath().normalize();
    Project project = Project.load(options.conf());
    Path jobFile = jobFile();
    ScalingBench bench = new ScalingBench(options.load(), project, jobFile, root, System.out);
    if (!noWarmup) {
      var first = sizes.get(0).settings();
      BenchSizes.Size warmup = new BenchSizes.Size("warm-up", GeneratorSettings.of(Math.max(10, first.customers() / 10),
          first.days(), first.seed()));
      System.out.println("warm-up (not reported): " + warmup.settings().customers() + " customers");
      bench.measure(warmup);
    }
    List<StageResult> results = new ArrayList<>();
    for (BenchSizes.Size size : sizes) {
      results.addAll(bench.measure(size));
    }
    BenchReport report = new BenchReport(results);
    System.out.println();
    System.out.print(report.table());
    System.out.println();
    report.verdicts().forEach(System.out::println);
    report.write(root);
    System.out.println("\nwritten: " + root.resolve("bench.json") + ", " + root.resolve("bench.md"));
    return 0;
  }

  /**
   * Builds a lakehouse with the daily job (or reuses the one built before for the same sample, kept
   * beside its landing files under --out), copies it twice, erases the same people from each copy.
   */
  private Integer erasure() throws Exception {
    Path root = out.toAbsolutePath().normalize();
    String key = key();
    Path landing = root.resolve("landing-" + key);
    Path jobFile = jobFile();
    if (!Files.isDirectory(landing)) {
      System.out.println("generating " + sample + " into " + landing);
      new LandingGenerator(sample.settings()).generate(landing);
    }
    Path scratch = root.resolve("scratch");
    BenchFiles.delete(scratch);
    Project project = Project.load(options.conf());
    EnvironmentConfig base = options.load();
    // Kept per sample and job (by its file name); a change to the code, conf or environment is not seen.
    Path built = root.resolve("built-" + key + "-" + jobFile.getFileName().toString().replaceFirst("\\.ya?ml$", ""));
    // The ledger names landed files by their full path, so c360's copy is erased where the lakehouse
    // was built: its rewrites find their ledger entries and record them, as they would in production.
    Path building = scratch.resolve("c360");
    if (Files.isDirectory(built)) {
      System.out.println("reusing the lakehouse built before in " + built
          + " (delete it to build again after changing the code, conf or environment)");
    } else {
      // Built aside and moved in when the job has succeeded: a run stopped half way is not reused.
      BenchFiles.copy(landing, building.resolve("landing"), p -> true);
      System.out.println("building the lakehouse with " + jobFile + " into " + built);
      Lakehouse lake = Session.open(at(base, building), project);
      var run = Jobs.run(lake, project, Jobs.plan(jobFile, project, null, null),
          new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
      if (run.firstFailure().isPresent()) {
        throw new IllegalStateException(jobFile + " failed: " + run.firstFailure().get().error());
      }
      Lakehouse.forgetRegisteredTables(lake.spark());
      Files.move(building, built);
    }
    for (String copy : List.of("c360", "baseline")) {
      BenchFiles.copy(built, scratch.resolve(copy), p -> true);
    }
    var bench = new ErasureBenchmark(project, e -> Session.reopen(e, project));
    var results = bench.run(at(base, scratch.resolve("c360")), at(base, scratch.resolve("baseline")), people,
        System.out);
    ErasureBenchmark.print(results, System.out);
    BenchFiles.delete(scratch);
    return 0;
  }

  private Path jobFile() {
    return job != null ? job : options.conf().resolve("jobs/daily.yaml");
  }

  /** The generated sample's folder name: customers x days - seed. */
  private String key() {
    GeneratorSettings s = sample.settings();
    return s.customers() + "x" + s.days() + "-" + s.seed();
  }

  /** The environment with landing, lakehouse and exports under {@code dir}. */
  private static EnvironmentConfig at(EnvironmentConfig env, Path dir) {
    return env.withPaths(dir.resolve("landing").toString(), dir.resolve("lake").toString())
        .withExports(dir.resolve("exports").toString());
  }
}
