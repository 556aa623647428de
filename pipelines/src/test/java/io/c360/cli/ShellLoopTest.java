package io.c360.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shell's loop: lines gathered into statements, results and errors printed, quit. No Spark. */
class ShellLoopTest {
  private final List<String> prompts = new ArrayList<>();
  private final List<String> ran = new ArrayList<>();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** Runs the loop on these lines; "^C" stands for Ctrl-C. Returns the statements that failed. */
  private int shell(String... lines) {
    Deque<String> input = new ArrayDeque<>(List.of(lines));
    ShellLoop.Input in = prompt -> {
      prompts.add(prompt);
      String line = input.poll();
      if ("^C".equals(line)) {
        throw new ShellLoop.Interrupted();
      }
      return line;
    };
    ShellLoop.Runner runner = statement -> {
      ran.add(statement);
      if (statement.contains("nope")) {
        throw new IllegalArgumentException("[TABLE_OR_VIEW_NOT_FOUND] nope");
      }
      return "rows of " + statement + "\n";
    };
    return new ShellLoop(in, runner, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)).run();
  }

  @Test
  void aStatementOverSeveralLinesRunsOnceItsSemicolonComes() {
    int failed = shell("select *", "from gold.segments", "where members > 0;", "select 1; select 2;", "quit",
        "select 3;");
    assertThat(failed).isZero();
    assertThat(ran).containsExactly("select *\nfrom gold.segments\nwhere members > 0", "select 1", "select 2");
    assertThat(prompts).containsExactly("c360> ", "   -> ", "   -> ", "c360> ", "c360> ");
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("rows of select *\nfrom gold.segments")
        .endsWith("rows of select 2\n");
  }

  @Test
  void anErrorIsOneLineAndTheShellGoesOn() {
    int failed = shell("select * from nope;", "select 1;");
    assertThat(failed).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("error: [TABLE_OR_VIEW_NOT_FOUND] nope"
        + System.lineSeparator());
    assertThat(ran).containsExactly("select * from nope", "select 1");
  }

  @Test
  void ctrlCDropsTheStatementBeingTypedAndTheEndOfInputRunsAnUnfinishedOne() {
    shell("select 'half", "^C", "select 4", "  ");
    assertThat(ran).containsExactly("select 4");
  }
}
