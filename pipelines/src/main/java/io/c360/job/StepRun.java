package io.c360.job;

import java.time.Duration;
import java.time.Instant;

/** How one step of a run went; written to ops.step_runs. */
public record StepRun(String step, String kind, Status status, Instant startedAt, Instant endedAt,
    StepResult result, String error) {

  public enum Status { SUCCEEDED, FAILED, SKIPPED }

  public double seconds() {
    return Duration.between(startedAt, endedAt).toMillis() / 1000.0;
  }
}
