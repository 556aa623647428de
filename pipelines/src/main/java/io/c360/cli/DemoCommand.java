package io.c360.cli;

import io.c360.config.EnvironmentConfig;
import io.c360.config.Project;
import io.c360.config.TableName;
import io.c360.job.JobPlan;
import io.c360.job.JobRun;
import io.c360.job.StepRun;
import io.c360.lake.KeptAsOf;
import io.c360.lake.Lakehouse;
import io.c360.sample.LandingGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Generate a sample landing zone (once) and run the daily job on it into the local lakehouse.")
final class DemoCommand implements Callable<Integer> {
  static final String MARKER = "_generated_by_c360_demo.txt";

  @Mixin
  EnvOptions options;

  @Mixin
  SampleOptions sample;

  @Option(names = "--job", defaultValue = "conf/jobs/daily.yaml", description = "Job to run (default: ${DEFAULT-VALUE}).")
  Path job;

  @Override
  public Integer call() throws IOException {
    EnvironmentConfig env = options.load();
    boolean keep = env.asOf().isEmpty();
    if (keep) { // figures such as days since last order, as of the day after the sample ends
      java.time.LocalDate day = sample.settings().startDate().plusDays(sample.days);
      System.out.println("gold figures are as of " + day + ", the day after the sample's last day, kept with the"
          + " lakehouse for later runs (--set reporting.as-of=YYYY-MM-DD to change)");
      env = env.withAsOf(day);
    }
    Project project = Project.load(options.conf);
    JobPlan plan = Jobs.plan(job, project, null, null);
    prepareLanding(Path.of(env.landing()));
    Lakehouse lake = Session.open(env, project);
    if (keep) {
      KeptAsOf.write(env.lakehouse(), env.asOf().orElseThrow(), lake.spark().sparkContext().hadoopConfiguration());
    }
    JobRun run = Jobs.run(lake, project, plan, System.out);
    summarise(lake, run);
    return run.succeeded() ? 0 : 1;
  }

  /** Generates the sample once; a landing zone that holds other data is left alone. */
  private void prepareLanding(Path landing) throws IOException {
    String settings = sample + "\n";
    Path marker = landing.resolve(MARKER);
    if (Files.exists(marker) && Files.readString(marker, StandardCharsets.UTF_8).equals(settings)) {
      System.out.println("landing zone " + landing + " already holds the sample (" + settings.strip() + ")");
      return;
    }
    if (Files.isDirectory(landing) && !Files.exists(marker)) {
      try (var entries = Files.list(landing)) {
        if (entries.findAny().isPresent()) {
          throw new io.c360.config.ConfigException(landing + ": not empty and not made by the demo; "
              + "point paths.landing elsewhere (--set paths.landing=DIR) or empty it");
        }
      }
    }
    System.out.println("generating sample data into " + landing + " (" + settings.strip() + ")");
    GenerateCommand.print(new LandingGenerator(sample.settings()).generate(landing), landing);
    Files.writeString(marker, settings, StandardCharsets.UTF_8);
  }

  private static void summarise(Lakehouse lake, JobRun run) {
    System.out.println();
    System.out.println("tables:");
    for (String schema : new String[] {"bronze", "silver", "gold", "ops"}) {
      for (Row t : lake.spark().sql("show tables in " + schema).collectAsList()) {
        if (t.getBoolean(2)) {
          continue;
        }
        TableName name = TableName.of(schema, t.getString(1));
        System.out.printf("  %-32s %,10d rows%n", name, lake.read(name).count());
      }
    }
    TableName c360 = TableName.of("gold", "customer_360");
    if (lake.exists(c360)) {
      System.out.printf("customers:             %,d%n", lake.read(c360).count());
    }
    run.steps().stream().filter(s -> s.result() != null && s.result().figures().containsKey("identifiers_stitched"))
        .findFirst().ifPresent(s -> System.out.printf("identifiers stitched:  %,d (into customers of two or more)%n",
            s.result().figures().get("identifiers_stitched")));
    TableName quarantine = TableName.of("ops", "quarantine");
    if (lake.exists(quarantine)) {
      System.out.printf("rows quarantined:      %,d%n", lake.read(quarantine).count());
    }
    System.out.printf("total: %.1f s for %d steps (each step's seconds are on its line above)%n", run.seconds(),
        run.steps().size());
    System.out.println();
    System.out.println("where things are:");
    System.out.println("  lakehouse  " + lake.env().lakehouse());
    for (String file : exportFiles(lake)) {
      System.out.println("  export     " + file);
    }
    System.out.println("  sql        bin/c360 sql \"select * from gold.customer_360 limit 5\"");
    System.out.println("  notebooks  bin/c360 notebook --lakehouse " + lake.env().lakehouse());
  }

  /** The files the run's file activations wrote, one per activation (Spark's own files left out). */
  private static List<String> exportFiles(Lakehouse lake) {
    List<String> out = new ArrayList<>();
    try {
      org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(lake.env().exports());
      FileSystem fs = root.getFileSystem(lake.spark().sparkContext().hadoopConfiguration());
      if (!fs.exists(root)) {
        return out;
      }
      var files = fs.listFiles(root, true);
      while (files.hasNext()) {
        org.apache.hadoop.fs.Path file = files.next().getPath();
        if (!file.getName().startsWith("_") && !file.getName().startsWith(".")) {
          out.add(lake.env().exports() + "/" + file.getParent().getName() + "/" + file.getName());
        }
      }
    } catch (IOException e) {
      out.add(lake.env().exports() + " (not listed: " + e.getMessage() + ")");
    }
    return out.stream().sorted().toList();
  }
}
