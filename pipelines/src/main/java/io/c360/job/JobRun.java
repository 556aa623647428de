package io.c360.job;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A finished run of a job; written to ops.job_runs. */
public record JobRun(String runId, String job, Instant startedAt, Instant endedAt, List<StepRun> steps) {
  public JobRun {
    steps = List.copyOf(steps);
  }

  public boolean succeeded() {
    return steps.stream().allMatch(s -> s.status() == StepRun.Status.SUCCEEDED);
  }

  public String status() {
    return succeeded() ? "succeeded" : "failed";
  }

  /** The alerts of the steps that succeeded, each as "step: alert", in step order. */
  public List<String> alerts() {
    return steps.stream().filter(s -> s.status() == StepRun.Status.SUCCEEDED && s.result() != null)
        .flatMap(s -> s.result().alerts().stream().map(a -> s.step() + ": " + a)).toList();
  }

  public Optional<StepRun> firstFailure() {
    return steps.stream().filter(s -> s.status() == StepRun.Status.FAILED).findFirst();
  }

  public double seconds() {
    return Duration.between(startedAt, endedAt).toMillis() / 1000.0;
  }
}
