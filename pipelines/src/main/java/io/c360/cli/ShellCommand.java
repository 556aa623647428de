package io.c360.cli;

import io.c360.config.EnvironmentConfig;
import io.c360.config.Project;
import io.c360.lake.Lakehouse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "shell", mixinStandardHelpOptions = true,
    description = {"An interactive SQL shell on one Spark session: statements end with ;, may span lines, "
        + "and are kept in ~/.c360_history. quit, exit, \\q or Ctrl-D to leave; Ctrl-C drops the statement "
        + "being typed."})
final class ShellCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  EnvOptions options;

  @Option(names = "--role", paramLabel = "ROLE", description = "Register only the tables conf/privacy.yaml "
      + "gives this role (analyst: masked and aggregate tables). A convenience, not a security boundary.")
  String role;

  @Option(names = "--format", defaultValue = "table", description = "table, csv, json or html (default: ${DEFAULT-VALUE}).")
  ResultFormat format;

  @Option(names = "--limit", defaultValue = "1000", description = "At most this many rows per statement (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--history", paramLabel = "FILE", description = "History file (default: ~/.c360_history).")
  Path history = Path.of(System.getProperty("user.home"), ".c360_history");

  @Override
  public Integer call() throws IOException {
    EnvironmentConfig env = options.load();
    Lakehouse lake = Session.open(env, Project.load(options.conf), role, spec.commandLine());
    ShellLoop.Runner runner = statement -> SqlCommand.result(lake, statement, format, limit);
    if (System.console() == null) { // piped input (a script, a test): plain lines, no prompt, no history
      BufferedReader lines = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      ShellLoop.Input input = prompt -> {
        try {
          return lines.readLine();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      };
      return new ShellLoop(input, runner, System.out, System.err).run() == 0 ? 0 : 1;
    }
    try (Terminal terminal = TerminalBuilder.builder().name("c360").system(true).build()) {
      LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("c360")
          .variable(LineReader.HISTORY_FILE, history)
          .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // SQL's != is not history's !
          .build();
      terminal.writer().println("c360 shell on " + env.lakehouse() + ": tables by name (bronze.*, silver.*, "
          + "gold.*, ops.*); end statements with ; and leave with quit");
      terminal.writer().flush();
      ShellLoop.Input input = prompt -> {
        try {
          return reader.readLine(prompt);
        } catch (UserInterruptException e) {
          throw new ShellLoop.Interrupted();
        } catch (EndOfFileException e) {
          return null;
        }
      };
      int failed = new ShellLoop(input, runner, System.out, System.err).run();
      reader.getHistory().save();
      return failed == 0 ? 0 : 1;
    }
  }
}
