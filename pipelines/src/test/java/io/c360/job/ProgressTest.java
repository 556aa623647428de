package io.c360.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The console line of a finished step. */
class ProgressTest {
  private static final Instant START = Instant.parse("2026-10-01T00:00:00Z");

  private static String line(StepResult result) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8)).finished(3, 23,
        new StepRun("silver_orders", "model", StepRun.Status.SUCCEEDED, START, START.plusMillis(2500), result, null));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aModelSaysHowManyRowsItsTableHasBesideTheRowsItMerged() {
    assertThat(line(StepResult.of(2073, 2073, 0).with("rows_in_table", 990)))
        .startsWith("[3/23] silver_orders").contains(" ok ")
        .contains("read 2,073, wrote 2,073, table has 990").endsWith("2.5 s\n");
  }

  @Test
  void aStepWithoutATableSaysReadWrittenAndRejected() {
    assertThat(line(StepResult.of(10, 9, 1))).contains("read 10, wrote 9, rejected 1 ").doesNotContain("table has");
  }
}
