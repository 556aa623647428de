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

  @Test
  void anIncrementalModelReadsTheBatchesAfterItsLastRun() {
    assertThat(ModelRunPlan.decide(INCREMENTAL, false, true, Optional.of(42L))).isEqualTo(new ModelRunPlan(false, 42L));
  }

  @Test
  void everythingIsReadAndReplacedOnAFullRefreshAFirstRunOrForARebuiltModel() {
    ModelRunPlan everything = new ModelRunPlan(true, ModelRunPlan.EVERYTHING);
    assertThat(ModelRunPlan.decide(INCREMENTAL, true, true, Optional.of(42L))).isEqualTo(everything);
    assertThat(ModelRunPlan.decide(INCREMENTAL, false, false, Optional.of(42L))).isEqualTo(everything);
    assertThat(ModelRunPlan.decide(REBUILT, false, true, Optional.of(42L))).isEqualTo(everything);
  }

  @Test
  void aTableWithoutRecordedRunsIsMergedWithEverything() {
    assertThat(ModelRunPlan.decide(INCREMENTAL, false, true, Optional.empty()))
        .isEqualTo(new ModelRunPlan(false, ModelRunPlan.EVERYTHING));
  }
}
