package io.c360.cli;

import io.c360.bench.IngestBenchmark;
import io.c360.config.ConfigException;
import io.c360.config.EnvironmentConfig;
import io.c360.config.Project;
import io.c360.lake.Lakehouse;
import io.c360.sample.LandingGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure a stage against its baselines in one process on generated data. Stages: ingest, "
        + "identity (connected components).")
final class BenchCommand implements Callable<Integer> {
  @Mixin
  EnvOptions options;

  @Mixin
  SampleOptions sample;

  @Parameters(index = "0", paramLabel = "STAGE", description = "ingest or identity")
  String stage;

  @Option(names = "--edges", defaultValue = "250000",
      description = "identity: edges of the smallest graph (default: ${DEFAULT-VALUE}).")
  long edges;

  @Option(names = "--sizes", defaultValue = "3",
      description = "identity: graphs measured, each four times the last (default: ${DEFAULT-VALUE}).")
  int sizes;

  @Option(names = "--out", defaultValue = "bench-results", description = "Scratch and results folder (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--rounds", defaultValue = "2", description = "Timed rounds after the warm-up (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Override
  public Integer call() throws Exception {
    if (stage.equals("identity")) {
      EnvironmentConfig env = options.load();
      Lakehouse lake = Session.open(env, Project.load(options.conf));
      var bench = new io.c360.identity.ComponentsBenchmark(lake.spark());
      List<io.c360.identity.ComponentsBenchmark.Measurement> results = bench.run(edges, sizes, System.out);
      io.c360.identity.ComponentsBenchmark.print(results, System.out);
      return 0;
    }
    if (!stage.equals("ingest")) {
      throw new ConfigException("bench: unknown stage '" + stage + "' (stages: ingest, identity)");
    }
    Path root = out.toAbsolutePath().normalize();
    Path landing = root.resolve("landing-" + sample.customers + "x" + sample.days + "-" + sample.seed);
    if (!Files.isDirectory(landing)) {
      System.out.println("generating " + sample + " into " + landing);
      new LandingGenerator(sample.settings()).generate(landing);
    }
    Path scratch = root.resolve("scratch");
    deleteRecursively(scratch);
    EnvironmentConfig env = options.load().withPaths(landing.toString(), scratch.resolve("lake").toString());
    Project project = Project.load(options.conf);
    Lakehouse lake = Session.open(env, project);
    List<IngestBenchmark.Measurement> results =
        new IngestBenchmark(lake, project.source("web_events")).run(rounds, scratch.toString());
    IngestBenchmark.print(results, System.out);
    deleteRecursively(scratch);
    return 0;
  }

  private static void deleteRecursively(Path dir) throws java.io.IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
