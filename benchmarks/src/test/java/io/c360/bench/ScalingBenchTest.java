package io.c360.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.c360.job.StepResult;
import org.junit.jupiter.api.Test;

class ScalingBenchTest {
  @Test
  void aStepsPathIsReadFromItsFigures() {
    StepResult model = StepResult.of(10, 10, 0);
    assertThat(ScalingBench.path(model.with("rebuilt", 1))).isEqualTo("rebuilt");
    assertThat(ScalingBench.path(model.with("rebuilt", 0))).isEqualTo("merged");
    assertThat(ScalingBench.path(model.with("rebuilt", 0).with("customers_computed", 1234)))
        .isEqualTo("merged (1,234 customers computed)");
    assertThat(ScalingBench.path(model)).as("an ingest step says nothing of a path").isEmpty();
    assertThat(ScalingBench.path(null)).as("a failed step has no result").isEmpty();
  }
}
