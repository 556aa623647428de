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

  @Test
  void aCustomerModelComputesTheCustomersTouchedSinceItsLastRunEnded() {
    ModelSpec customers = ModelSpec.parse("model: gold.customer_360\nkeys: [customer_id]\n"
        + "incremental: {strategy: customers, inputs: [gold.identity_map]}\n", "sql/gold/customer_360.yml",
        "gold/customer_360");
    java.time.Instant at = java.time.Instant.parse("2026-10-06T05:00:00Z");
    ModelRunPlan.LastRun last = new ModelRunPlan.LastRun(Optional.empty(), Optional.of("d1"), Optional.of(at));
    assertThat(ModelRunPlan.decide(customers, false, true, last, "d1", false))
        .isEqualTo(new ModelRunPlan(false, ModelRunPlan.EVERYTHING, Optional.of(at)));
    // Another as-of day or rules (the definition), a full refresh, no recorded run: every customer.
    ModelRunPlan everything = new ModelRunPlan(true, ModelRunPlan.EVERYTHING);
    assertThat(ModelRunPlan.decide(customers, false, true, last, "d2", false)).isEqualTo(everything);
    assertThat(ModelRunPlan.decide(customers, true, true, last, "d1", false)).isEqualTo(everything);
    assertThat(ModelRunPlan.decide(customers, false, true, ModelRunPlan.LastRun.NONE, "d1", false)).isEqualTo(everything);
  }

  @Test
  void anIncrementalRunTouchingMoreThanTheShareOfATableRebuildsIt() {
    assertThat(ModelRunPlan.recomputesEveryone(25, 100, 0.25)).isFalse();
    assertThat(ModelRunPlan.recomputesEveryone(26, 100, 0.25)).isTrue();
    assertThat(ModelRunPlan.recomputesEveryone(0, 100, 0.0)).isFalse();
    assertThat(ModelRunPlan.recomputesEveryone(1, 100, 0.0)).isTrue();
    // A share of 1 always merges; no customers yet: nothing to rebuild for.
    assertThat(ModelRunPlan.recomputesEveryone(100, 100, 1.0)).isFalse();
    // Retired customer ids count as changed but are no longer among all customers: still merged at 1.
    assertThat(ModelRunPlan.recomputesEveryone(103, 100, 1.0)).isFalse();
    assertThat(ModelRunPlan.recomputesEveryone(0, 0, 0.25)).isFalse();
  }

  @Test
  void aCustomerModelKeysOnTheCustomer() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ModelSpec.parse("model: gold.customer_360\n"
        + "keys: [email]\nincremental: {strategy: customers, inputs: [gold.identity_map]}\n",
        "sql/gold/customer_360.yml", "gold/customer_360"))
        .hasMessage("sql/gold/customer_360.yml: keys: strategy customers replaces rows by customer: the keys include "
            + "customer_id");
  }

  private static ModelRunPlan.RecordedRun recorded(String model, String strategy, boolean replaced, Long batch,
      String at) {
    return new ModelRunPlan.RecordedRun(model, strategy, replaced, Optional.ofNullable(batch), Optional.of("d-" + model),
        java.time.Instant.parse(at));
  }

  @Test
  void theLastRunIsTheModelsNewestRecordedRun() {
    java.util.List<ModelRunPlan.RecordedRun> runs = java.util.List.of(
        recorded("silver.orders", "first", true, 3L, "2026-10-01T05:00:00Z"),
        recorded("silver.orders", "first", false, 9L, "2026-10-03T05:00:00Z"),
        recorded("silver.orders", "first", false, 6L, "2026-10-02T05:00:00Z"),
        recorded("silver.order_items", "first", true, 11L, "2026-10-04T05:00:00Z"));
    assertThat(ModelRunPlan.lastRun("silver.orders", runs)).isEqualTo(new ModelRunPlan.LastRun(Optional.of(9L),
        Optional.of("d-silver.orders"), Optional.of(java.time.Instant.parse("2026-10-03T05:00:00Z"))));
    assertThat(ModelRunPlan.lastRun("gold.customer_orders", runs)).isEqualTo(ModelRunPlan.LastRun.NONE);
  }

  @Test
  void anInputCountsAsRebuiltWhenItReplacedItsTableAfterTheLastRunAndIsNotRebuiltByDesign() {
    java.util.List<String> inputs = java.util.List.of("silver.orders", "silver.customers");
    java.util.List<ModelRunPlan.RecordedRun> runs = java.util.List.of(
        recorded("gold.customer_orders", "customers", false, null, "2026-10-03T05:00:00Z"),
        recorded("silver.orders", "first", true, 3L, "2026-10-01T05:00:00Z"));
    ModelRunPlan.LastRun last = ModelRunPlan.lastRun("gold.customer_orders", runs);
    assertThat(ModelRunPlan.inputRebuiltSince(last, inputs, runs)).isFalse();

    var afterIt = new java.util.ArrayList<>(runs);
    afterIt.add(recorded("silver.orders", "first", true, 12L, "2026-10-04T05:00:00Z"));
    assertThat(ModelRunPlan.inputRebuiltSince(last, inputs, afterIt)).isTrue();
    // Merged, rebuilt by design, or not an input: not a reason.
    assertThat(ModelRunPlan.inputRebuiltSince(last, inputs, java.util.List.of(
        recorded("silver.orders", "first", false, 12L, "2026-10-04T05:00:00Z"),
        recorded("silver.customers", "rebuild", true, 12L, "2026-10-04T05:00:00Z"),
        recorded("silver.events", "first", true, 12L, "2026-10-04T05:00:00Z")))).isFalse();
    // A model never run before has nothing to have missed.
    assertThat(ModelRunPlan.inputRebuiltSince(ModelRunPlan.LastRun.NONE, inputs, afterIt)).isFalse();
  }
}
