package io.c360.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelSpecTest {
  private static ModelSpec parse(String yaml) {
    return ModelSpec.parse(yaml, "sql/silver/orders.yml", "silver/orders");
  }

  @Test
  void readsAnIncrementalModel() {
    ModelSpec spec = parse("""
        model: silver.orders
        grain: one row per order
        keys: [order_id]
        incremental:
          strategy: latest
          inputs: [bronze.orders, bronze.order_changes]
          version: [updated_at, change_lsn]
          deleted: is_deleted
        expectations:
          - name: amount_not_negative
            expect: total_amount >= 0
            action: drop
          - name: known_status
            expect: status in ('placed', 'cancelled')
        """);
    assertThat(spec.strategy()).isEqualTo(ModelSpec.Strategy.LATEST);
    assertThat(spec.incremental()).isTrue();
    assertThat(spec.inputs()).containsExactly(TableName.of("bronze", "orders"), TableName.of("bronze", "order_changes"));
    assertThat(spec.version()).containsExactly("updated_at", "change_lsn");
    assertThat(spec.deleted()).contains("is_deleted");
    assertThat(spec.completeness()).containsExactly("order_id");
    assertThat(spec.expectations()).containsExactly(
        new ModelSpec.Expectation("amount_not_negative", "total_amount >= 0", ModelSpec.Action.DROP),
        new ModelSpec.Expectation("known_status", "status in ('placed', 'cancelled')", ModelSpec.Action.WARN));
  }

  @Test
  void anScd2EntityIsItsKeysWithoutValidFrom() {
    ModelSpec spec = ModelSpec.parse("""
        model: silver.contacts
        keys: [contact_id, valid_from]
        incremental: {strategy: scd2, inputs: [bronze.crm_contacts], valid-from: valid_from, deleted: is_deleted}
        """, "sql/silver/contacts.yml", "silver/contacts");
    assertThat(spec.entity()).containsExactly("contact_id");
    assertThat(spec.validFrom()).isEqualTo(Optional.of("valid_from"));
  }

  @Test
  void withoutIncrementalAModelIsRebuilt() {
    ModelSpec spec = parse("model: silver.orders\nkeys: [order_id]\n");
    assertThat(spec.strategy()).isEqualTo(ModelSpec.Strategy.REBUILD);
    assertThat(spec.incremental()).isFalse();
  }

  @Test
  void refusesWhatCannotWork() {
    assertThatThrownBy(() -> parse("model: silver.order\n"))
        .hasMessage("sql/silver/orders.yml: model: expected silver.orders (the table this file's SQL writes) but was silver.order");
    assertThatThrownBy(() -> parse("model: silver.orders\nkeys: [order_id]\nincremental: {strategy: newest, inputs: [bronze.orders]}\n"))
        .hasMessage("sql/silver/orders.yml: incremental.strategy: unknown strategy 'newest' (expected one of: first, "
            + "latest, scd2, customers; leave out incremental to rebuild every run)");
    assertThatThrownBy(() -> parse("model: silver.orders\nkeys: [order_id]\nincremental: {strategy: latest, inputs: [bronze.orders]}\n"))
        .hasMessage("sql/silver/orders.yml: incremental.version: strategy latest needs the columns that order versions, "
            + "e.g. [updated_at]");
    assertThatThrownBy(() -> parse("model: silver.orders\nkeys: [order_id]\n"
        + "incremental: {strategy: latest, inputs: [bronze.orders], version: [updated_at], order-by: [ingested_at]}\n"))
        .hasMessage("sql/silver/orders.yml: incremental.order-by: only strategy first keeps the earliest row of a key");
    assertThatThrownBy(() -> parse("model: silver.orders\nincremental: {strategy: first, inputs: [bronze.orders]}\n"))
        .hasMessage("sql/silver/orders.yml: keys: an incremental model needs keys to merge new rows on");
    assertThatThrownBy(() -> parse("model: silver.orders\nkeys: [order_id]\nincremental: {strategy: first}\n"))
        .hasMessage("sql/silver/orders.yml: incremental.inputs: an incremental model names the tables whose new "
            + "batches it reads");
    assertThatThrownBy(() -> parse("model: silver.orders\nkeys: [Order-Id]\n"))
        .hasMessage("sql/silver/orders.yml: keys: 'Order-Id' is not a column name (lower-case letters, digits and _)");
    assertThatThrownBy(() -> parse("""
        model: silver.orders
        expectations:
          - {name: positive, expect: total_amount > 0, action: stop}
        """)).hasMessage("sql/silver/orders.yml: expectations[0].action: expected warn, drop or fail but was 'stop'");
    assertThatThrownBy(() -> parse("model: silver.orders\ngrian: x\n"))
        .hasMessageStartingWith("sql/silver/orders.yml: grian: unknown key").hasMessageEndingWith("did you mean grain?");
    assertThatThrownBy(() -> parse("model: silver.orders\nkeys: [order_id]\n"
        + "incremental: {strategy: scd2, inputs: [bronze.orders], valid-from: valid_from}\n"))
        .hasMessage("sql/silver/orders.yml: keys: an scd2 model's keys include its valid-from column valid_from "
            + "(the entity's keys and valid_from)");
  }

  @Test
  void checksItsColumnsAgainstWhatTheSqlReturns() {
    ModelSpec spec = parse("model: silver.orders\nkeys: [order_id]\nincremental: "
        + "{strategy: latest, inputs: [bronze.orders], version: [updated_at]}\n");
    spec.checkColumns(Set.of("order_id", "updated_at", "status"), "sql/silver/orders.sql");
    assertThatThrownBy(() -> spec.checkColumns(new java.util.TreeSet<>(List.of("order_id", "status")), "sql/silver/orders.sql"))
        .hasMessage("sql/silver/orders.sql: column updated_at is not among the columns the model returns (order_id, status)");
  }

  @Test
  void columnDescriptionsAreReadInFileOrderAndMustNameColumns() {
    String yaml = """
        model: gold.customer_360
        keys: [customer_id]
        columns:
          customer_id: c360's id of the customer
          is_known: true when a known identifier is linked
        """;
    assertThat(ModelSpec.columnComments(yaml, "sql/gold/customer_360.yml")).containsExactly(
        java.util.Map.entry("customer_id", "c360's id of the customer"),
        java.util.Map.entry("is_known", "true when a known identifier is linked"));
    assertThat(ModelSpec.parse(yaml, "sql/gold/customer_360.yml", "gold/customer_360").keys())
        .containsExactly("customer_id");
    assertThatThrownBy(() -> ModelSpec.columnComments("columns:\n  Is-Known: x\n", "sql/gold/customer_360.yml"))
        .hasMessage("sql/gold/customer_360.yml: columns: 'Is-Known' is not a column name (lower-case letters, "
            + "digits and _)");
    assertThatThrownBy(() -> ModelSpec.columnComments("columns:\n  is_known:\n", "sql/gold/customer_360.yml"))
        .hasMessage("sql/gold/customer_360.yml: columns.is_known: needs a description");
  }

  @Test
  void everyColumnOfCustomer360IsDescribed() {
    var comments = Models.onClasspath().columnComments("gold/customer_360");
    assertThat(comments).containsKeys("customer_id", "is_known", "recency_score", "consents", "as_of_date")
        .hasSize(49);
  }
}
