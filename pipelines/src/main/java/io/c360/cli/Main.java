package io.c360.cli;

import io.c360.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code c360}: the entry point for bin/c360 and spark-submit. */
@Command(name = "c360", mixinStandardHelpOptions = true, version = "c360 0.1.0",
    description = "Customer data infrastructure on Spark, Delta Lake and Iceberg.",
    footer = {"", "bin/c360 bench [STAGE] measures c360 against its baselines: the benchmarks module, outside "
        + "this jar (BENCHMARKS.md)."},
    subcommands = {DemoCommand.class, RunCommand.class, ValidateCommand.class, GenerateCommand.class,
        SqlCommand.class, ShellCommand.class, ExplainCommand.class, EvaluateIdentityCommand.class, EraseCommand.class,
        ExportSubjectCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /**
   * Runs a command line and returns its exit code: 0 done, 1 a job failed, 2 bad input or config.
   * An error outside a job's steps (the lakehouse in use, a folder that cannot be written) is one
   * line, {@code error: ...}, naming the input or output error under it; the stack trace follows
   * only when {@value #TRACE} is set.
   */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof ConfigException) {
        commandLine.getErr().println("error: " + e.getMessage());
        return 2;
      }
      commandLine.getErr().println("error: " + io.c360.job.JobRunner.describe(e));
      if (System.getenv(TRACE) != null) {
        e.printStackTrace(commandLine.getErr());
      }
      return 1;
    });
    return cli.execute(args);
  }

  /** Set (to anything) to have a failed command print its stack trace after the error line. */
  static final String TRACE = "C360_TRACE";

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
