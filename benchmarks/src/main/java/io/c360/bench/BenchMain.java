package io.c360.bench;

import io.c360.config.ConfigException;
import picocli.CommandLine;

/**
 * {@code bin/c360 bench}: the benchmarks' entry point, beside the production jar's {@code io.c360.cli.Main}
 * and with the same exit codes (0 done, 2 bad input or config).
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs {@code bench} with these arguments and returns its exit code. */
  static int execute(String... args) {
    CommandLine cli = new CommandLine(new BenchCommand()).setCommandName("c360 bench");
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof ConfigException) {
        commandLine.getErr().println("error: " + e.getMessage());
        return 2;
      }
      throw e;
    });
    return cli.execute(args);
  }
}
