package io.c360.cli;

import io.c360.config.EnvironmentConfig;
import io.c360.config.Project;
import io.c360.job.JobPlan;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Check a job, the environment and every source without starting Spark.")
final class ValidateCommand implements Callable<Integer> {
  @Mixin
  EnvOptions options;

  @Parameters(index = "0", paramLabel = "JOB", description = "Job file, e.g. conf/jobs/daily.yaml.")
  Path job;

  @Override
  public Integer call() {
    EnvironmentConfig env = options.load();
    Project project = Project.load(options.conf);
    JobPlan plan = Jobs.plan(job, project, null, null);
    System.out.print(plan.describe());
    List<String> warnings = project.missingLandingFolders(plan.steps(), env.landing());
    warnings.forEach(w -> System.out.println("warning: " + w));
    System.out.println("ok: " + job + " is valid (" + project.sources().size() + " sources"
        + (warnings.isEmpty() ? "" : ", " + warnings.size() + (warnings.size() == 1 ? " warning" : " warnings")) + ")");
    return 0;
  }
}
