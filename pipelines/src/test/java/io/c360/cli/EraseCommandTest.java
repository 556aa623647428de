package io.c360.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** How `erase` reads --status with and without a request id, and what it refuses, before Spark starts. */
class EraseCommandTest {
  private static EraseCommand parse(String... args) {
    EraseCommand command = new EraseCommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }

  @Test
  void statusWithoutARequestIdListsAndWithOneDescribesThatRequest() {
    assertThat(parse("--status").status).isEmpty();
    assertThat(parse("--status", "R-1").status).isEqualTo("R-1");
    EraseCommand overdue = parse("--status", "--overdue");
    assertThat(overdue.status).isEmpty();
    assertThat(overdue.overdue).isTrue();
    assertThat(parse("--open", "--status").status).isEmpty();
    assertThat(parse("--id", "email:a@b.co").status).isNull();
  }

  private static String refused(String... args) {
    StringWriter err = new StringWriter();
    int exit = new CommandLine(new EraseCommand()).setErr(new PrintWriter(err, true)).execute(args);
    assertThat(exit).isEqualTo(2);
    return err.toString().lines().findFirst().orElse("");
  }

  @Test
  void filtersWithoutTheListAndAnIdWithStatusAreRefused() {
    assertThat(refused("--open")).isEqualTo(
        "--open and --overdue filter the list of requests: use them with --status and no request id");
    assertThat(refused("--status", "R-1", "--overdue")).isEqualTo(
        "--open and --overdue filter the list of requests: use them with --status and no request id");
    assertThat(refused("--status", "--id", "email:a@b.co")).isEqualTo("--status lists the requests; it takes no --id");
    assertThat(refused("--status", "R-1", "--id", "email:a@b.co"))
        .isEqualTo("--status R prints a request; it takes no --id");
  }
}
