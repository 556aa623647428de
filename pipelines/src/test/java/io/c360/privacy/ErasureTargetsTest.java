package io.c360.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.c360.config.Project;
import io.c360.testing.TestLakehouses;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where an erasure looks, decided from conf/ alone: every source's bronze table, the catalog, quarantine. */
class ErasureTargetsTest {
  @Test
  void everySourceWithIdentifiersEveryCatalogTableAndQuarantine() {
    Project project = Project.load(TestLakehouses.conf());
    List<ErasureTargets.Target> targets = ErasureTargets.of(project.privacy(), project.sources().values());
    List<String> bronze = targets.stream().filter(t -> t instanceof ErasureTargets.Bronze)
        .map(t -> t.table().toString()).toList();
    assertThat(bronze).contains("bronze.web_events", "bronze.crm_contacts", "bronze.orders", "bronze.order_changes",
        "bronze.store_orders", "bronze.email_engagement").isSorted();
    assertThat(bronze).hasSize((int) project.sources().values().stream().filter(s -> !s.identifiers().isEmpty()).count());
    assertThat(targets.stream().filter(t -> t instanceof ErasureTargets.Derived).map(t -> t.table().toString()))
        .containsExactlyElementsOf(project.privacy().personalData().stream().map(p -> p.table().toString()).toList())
        .contains("bronze.consent"); // its rows name the identifier's type: typed pairs, normalised when matched
    assertThat(targets.get(targets.size() - 1)).isEqualTo(new ErasureTargets.Quarantine(
        io.c360.config.TableName.of("ops", "quarantine")));
  }
}
