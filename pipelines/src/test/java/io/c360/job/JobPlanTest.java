package io.c360.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.c360.config.JobConfig;
import io.c360.config.StepConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobPlanTest {
  static StepConfig step(String name, String... deps) {
    return new StepConfig(name, "sql", List.of(deps), Map.of());
  }

  static JobConfig job(StepConfig... steps) {
    return new JobConfig("test", "conf/jobs/test.yaml", List.of(steps));
  }

  @Test
  void ordersStepsAfterTheirDependenciesKeepingFileOrderOtherwise() {
    JobPlan plan = JobPlan.of(job(step("gold", "silver_a", "silver_b"), step("silver_b", "bronze"),
        step("silver_a", "bronze"), step("bronze"), step("other")));
    assertThat(plan.steps()).extracting(StepConfig::name)
        .containsExactly("bronze", "silver_b", "silver_a", "gold", "other");
  }

  @Test
  void namesTheCycle() {
    assertThatThrownBy(() -> JobPlan.of(job(step("a"), step("b", "a", "d"), step("c", "b"), step("d", "c"))))
        .hasMessage("conf/jobs/test.yaml: steps: dependency cycle: b -> d -> c -> b");
  }

  @Test
  void fromTakesTheStepAndEverythingDownstream() {
    JobPlan plan = JobPlan.of(job(step("a"), step("b", "a"), step("c", "b"), step("d", "a"), step("e")));
    assertThat(plan.from("b").steps()).extracting(StepConfig::name).containsExactly("b", "c");
    assertThat(plan.from("a").steps()).extracting(StepConfig::name).containsExactly("a", "b", "c", "d");
    assertThat(plan.only("c").steps()).extracting(StepConfig::name).containsExactly("c");
  }

  @Test
  void refusesAnUnknownStepName() {
    JobPlan plan = JobPlan.of(job(step("a"), step("b", "a")));
    assertThatThrownBy(() -> plan.from("x")).hasMessage("job test: no step named 'x' (steps: a, b)");
  }
}
