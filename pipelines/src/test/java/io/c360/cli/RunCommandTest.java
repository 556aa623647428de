package io.c360.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.c360.job.JobRun;
import io.c360.job.StepResult;
import io.c360.job.StepRun;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exit code of `bin/c360 run`: 0 clean, 1 a step failed, 4 every step succeeded but one raised an alert. */
class RunCommandTest {
  private static final Instant T = Instant.parse("2026-12-07T03:00:00Z");

  private static StepRun ok(String step, StepResult result) {
    return new StepRun(step, "erase-requests", StepRun.Status.SUCCEEDED, T, T, result, null);
  }

  private static JobRun job(StepRun... steps) {
    return new JobRun("r1", "erasure", T, T, List.of(steps));
  }

  private static final StepResult ALERTED = StepResult.of(0, 0, 0).withAlert("1 erasure request past its deadline");

  @Test
  void aCleanRunExitsWithZeroAndWarningsDoNotChangeThat() {
    assertThat(RunCommand.exitCode(job(ok("a", StepResult.of(1, 1, 0).withWarning("folder missing"))))).isZero();
  }

  @Test
  void anAlertMakesASucceededRunExitWithFour() {
    assertThat(RunCommand.exitCode(job(ok("erase_requests", ALERTED), ok("segments", StepResult.of(1, 1, 0)))))
        .isEqualTo(4);
  }

  @Test
  void aFailedStepExitsWithOneEvenWithAnAlert() {
    StepRun failed = new StepRun("segments", "segments", StepRun.Status.FAILED, T, T, null, "boom");
    assertThat(RunCommand.exitCode(job(ok("erase_requests", ALERTED), failed))).isEqualTo(1);
  }
}
