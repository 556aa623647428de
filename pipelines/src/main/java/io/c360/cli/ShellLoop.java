package io.c360.cli;

import java.io.PrintStream;
import java.util.Set;

/**
 * The read-run-print loop of {@code c360 shell}: lines are gathered until a statement ends with a
 * semicolon (outside quotes and comments), then each statement is run and its result or its error
 * printed; an error does not end the shell. {@code quit}, {@code exit}, {@code \q} or the end of
 * input end it. No Spark: the statements are run by the {@link Runner} it is given.
 */
final class ShellLoop {
  static final String PROMPT = "c360> ";
  static final String MORE = "   -> ";
  private static final Set<String> QUIT = Set.of("quit", "exit", "\\q", "quit;", "exit;");

  /** Where lines come from. */
  interface Input {
    /** The next line, or null at the end of input; {@link Interrupted} when the user cancels the line. */
    String read(String prompt);
  }

  /** Thrown by an {@link Input} when the user cancels what they typed (Ctrl-C). */
  static final class Interrupted extends RuntimeException {
    Interrupted() {
      super(null, null, false, false);
    }
  }

  /** Runs one statement and returns what to print (empty for a statement without rows). */
  interface Runner {
    String run(String statement) throws Exception;
  }

  private final Input in;
  private final Runner runner;
  private final PrintStream out;
  private final PrintStream err;

  ShellLoop(Input in, Runner runner, PrintStream out, PrintStream err) {
    this.in = in;
    this.runner = runner;
    this.out = out;
    this.err = err;
  }

  /** Runs until the input ends or the user quits; returns how many statements failed. */
  int run() {
    StringBuilder buffer = new StringBuilder();
    int failed = 0;
    while (true) {
      String line;
      try {
        line = in.read(buffer.isEmpty() ? PROMPT : MORE);
      } catch (Interrupted e) {
        buffer.setLength(0); // Ctrl-C drops the statement being typed, as psql does
        continue;
      }
      if (line == null) {
        if (!buffer.toString().isBlank()) { // the end of a piped script without its last semicolon
          failed += runAll(buffer.toString());
        }
        return failed;
      }
      if (buffer.isEmpty() && QUIT.contains(line.strip().toLowerCase(java.util.Locale.ROOT))) {
        return failed;
      }
      buffer.append(line).append('\n');
      SqlScript.Cut cut = SqlScript.cut(buffer.toString());
      if (!cut.open()) { // statements ended, or only blanks and comments so far
        failed += runAll(buffer.toString());
        buffer.setLength(0);
      }
    }
  }

  private int runAll(String text) {
    int failed = 0;
    for (SqlScript.Statement s : SqlScript.statements(text)) {
      try {
        out.print(runner.run(s.text()));
        out.flush();
      } catch (Exception e) { // Spark's AnalysisException is checked, thrown from Scala undeclared
        err.println("error: " + SqlCommand.oneLine(e));
        err.flush();
        failed++;
      }
    }
    return failed;
  }
}
