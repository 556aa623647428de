package io.c360.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.c360.config.ModelSpec;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelRunPlanTest {
  private static final ModelSpec INCREMENTAL = ModelSpec.parse(
      "model: silver.orders\nkeys: [order_id]\nincremental: {strategy: first, inputs: [bronze.orders]}\n",
      "sql/silver/orders.yml", "silver/orders");
  private static final ModelSpec REBUILT = ModelSpec.rebuilt("silver.orders");

  private static ModelRunPlan.LastRun last(Long batch, String definition) {
    return new ModelRunPlan.LastRun(Optional.ofNullable(batch), Optional.ofNullable(definition));
  }

  @Test
  void anIncrementalModelReadsTheBatchesAfterItsLastRun() {
    assertThat(ModelRunPlan.decide(INCREMENTAL, false, true, last(42L, "d1"), "d1", false)).isEqualTo(new ModelRunPlan(false, 42L));
  }

  @Test
  void aChangedDefinitionRebuildsTheTable() {
    assertThat(ModelRunPlan.decide(INCREMENTAL, false, true, last(42L, "d1"), "d2", false))
        .isEqualTo(new ModelRunPlan(true, ModelRunPlan.EVERYTHING));
    // Runs recorded before definitions were: nothing to compare, the run merges.
    assertThat(ModelRunPlan.decide(INCREMENTAL, false, true, last(42L, null), "d2", false)).isEqualTo(new ModelRunPlan(false, 42L));
  }

  @Test
  void everythingIsReadAndReplacedOnAFullRefreshAFirstRunOrForARebuiltModel() {
    ModelRunPlan everything = new ModelRunPlan(true, ModelRunPlan.EVERYTHING);
    assertThat(ModelRunPlan.decide(INCREMENTAL, true, true, last(42L, "d1"), "d1", false)).isEqualTo(everything);
    assertThat(ModelRunPlan.decide(INCREMENTAL, false, false, last(42L, "d1"), "d1", false)).isEqualTo(everything);
    assertThat(ModelRunPlan.decide(REBUILT, false, true, last(42L, "d1"), "d1", false)).isEqualTo(everything);
  }

  @Test
  void anInputModelRebuiltSinceTheLastRunRebuildsTheTable() {
    assertThat(ModelRunPlan.decide(INCREMENTAL, false, true, last(42L, "d1"), "d1", true))
        .isEqualTo(new ModelRunPlan(true, ModelRunPlan.EVERYTHING));
  }

  @Test
  void aTableWithoutRecordedRunsIsMergedWithEverything() {
    assertThat(ModelRunPlan.decide(INCREMENTAL, false, true, ModelRunPlan.LastRun.NONE, "d1", false))
        .isEqualTo(new ModelRunPlan(false, ModelRunPlan.EVERYTHING));
  }
}
