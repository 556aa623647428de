package io.c360.cli;

import io.c360.config.EnvironmentConfig;
import io.c360.config.Project;
import io.c360.job.JobPlan;
import io.c360.job.JobRun;
import io.c360.lake.KeptAsOf;
import io.c360.lake.Lakehouse;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run a job (conf/jobs/*.yaml): its steps in dependency order, recorded in ops.job_runs and ops.step_runs.")
final class RunCommand implements Callable<Integer> {
  /** Exit code of a run whose steps all succeeded but one raised an alert (an overdue erasure request). */
  static final int ALERT = 4;

  @Mixin
  EnvOptions options;

  @Parameters(index = "0", paramLabel = "JOB", description = "Job file, e.g. conf/jobs/daily.yaml.")
  Path job;

  @Option(names = "--from", paramLabel = "STEP", description = "Run this step and every step that depends on it, directly or not.")
  String from;

  @Option(names = "--only", paramLabel = "STEP", description = "Run only this step.")
  String only;

  @Option(names = "--full-refresh", description = "Rebuild incremental models from all of bronze instead of its new batches.")
  boolean fullRefresh;

  @Option(names = "--wait", paramLabel = "MINUTES", defaultValue = "0",
      description = "Wait up to this long for another run holding the lakehouse to end (default: fail at once).")
  int waitMinutes;

  @Option(names = "--dry-run", description = "Print the plan and exit without running anything.")
  boolean dryRun;

  @Override
  public Integer call() {
    EnvironmentConfig env = options.load();
    Project project = Project.load(options.conf);
    JobPlan plan = Jobs.plan(job, project, from, only);
    if (dryRun) {
      System.out.print(plan.describe());
      return 0;
    }
    Lakehouse lake = Session.open(env, project);
    if (env.asOf().isEmpty() && lake.env().asOf().isPresent()) {
      System.out.println("gold figures are as of " + lake.env().asOf().get() + ", the day this lakehouse keeps ("
          + KeptAsOf.where(env.lakehouse()) + "; --set reporting.as-of=YYYY-MM-DD to change)");
    }
    JobRun run = Jobs.run(lake, project, plan, fullRefresh, java.time.Duration.ofMinutes(waitMinutes), System.out);
    return exitCode(run);
  }

  /**
   * 0 every step succeeded without an alert, 1 a step failed (whatever the alerts), {@link #ALERT}
   * every step succeeded and one raised an alert. (2 is a configuration error, before a run.)
   */
  static int exitCode(JobRun run) {
    if (!run.succeeded()) {
      return 1;
    }
    return run.alerts().isEmpty() ? 0 : ALERT;
  }
}
