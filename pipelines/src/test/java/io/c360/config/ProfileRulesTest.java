package io.c360.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** conf/profile.yaml: survivorship, RFM and lifecycle decisions, segments and activations, and their errors. */
class ProfileRulesTest {
  @TempDir
  Path dir;

  private ProfileRules load(ConfFiles c) {
    return Project.load(c.root()).profile();
  }

  @Test
  void theRepositoryProfileLoads() {
    ProfileRules rules = Project.load(io.c360.testing.TestLakehouses.conf()).profile();
    assertThat(rules.rule("first_name").policy()).isEqualTo(SurvivorshipRule.Policy.SOURCE_PRIORITY);
    assertThat(rules.segments()).extracting(SegmentDefinition::name).contains("vip_newsletter", "win_back");
    assertThat(rules.activation("win_back_crm").kind()).isEqualTo(ActivationConfig.Kind.JDBC);
  }

  @Test
  void survivorshipRanksListedSourcesInOrderAndTheRestLast() {
    ProfileRules rules = load(ConfFiles.valid(dir));
    SurvivorshipRule name = rules.rule("first_name");
    assertThat(name.sourceRank("crm")).isZero();
    assertThat(name.sourceRank("web_events")).isEqualTo(1);
    assertThat(name.sourceRank("orders")).isEqualTo(2);
    // Attributes the file does not name: the newest value wins, whatever its source.
    assertThat(rules.rule("locale").policy()).isEqualTo(SurvivorshipRule.Policy.MOST_RECENT);
    assertThat(rules.rule("locale").sourceRank("crm")).isZero();
  }

  @Test
  void rfmScoresChangeExactlyAtTheirThresholds() {
    RfmRules rfm = load(ConfFiles.valid(dir)).rfm(); // recency [7, 30, 90, 180], frequency [2, 3, 5, 8]
    assertThat(List.of(0L, 7L, 8L, 30L, 31L, 90L, 91L, 180L, 181L)).map(rfm::recencyScore)
        .containsExactly(5, 5, 4, 4, 3, 3, 2, 2, 1);
    assertThat(List.of(1L, 2L, 3L, 4L, 5L, 7L, 8L, 100L)).map(rfm::frequencyScore)
        .containsExactly(1, 2, 3, 3, 4, 4, 5, 5);
    assertThat(List.of(0.0, 49.99, 50.0, 150.0, 399.99, 400.0, 1000.0)).map(rfm::monetaryScore)
        .containsExactly(1, 1, 2, 3, 3, 4, 5);
    assertThat(rfm.segment(4, 4, 4)).contains("champions");
    assertThat(rfm.segment(5, 3, 5)).isEmpty();
    assertThat(rfm.segment(2, 5, 5)).contains("lapsing");
  }

  @Test
  void lifecycleStagesChangeExactlyAtTheirBoundaries() {
    LifecycleRules l = load(ConfFiles.valid(dir)).lifecycle(); // repeat 2, at risk after 30 days, lapsed after 90
    assertThat(l.stage(false, 0, 0)).isEqualTo("anonymous");
    assertThat(l.stage(true, 0, 0)).isEqualTo("lead");
    assertThat(l.stage(true, 1, 30)).isEqualTo("customer");
    assertThat(l.stage(true, 2, 30)).isEqualTo("repeat");
    assertThat(l.stage(true, 2, 31)).isEqualTo("at_risk");
    assertThat(l.stage(false, 1, 90)).isEqualTo("at_risk");
    assertThat(l.stage(true, 5, 91)).isEqualTo("lapsed");
    // Known types default to every type but anonymous and device ids.
    assertThat(l.knownTypes()).containsExactly("user_id", "email", "phone");
  }

  @Test
  void errorsNameTheFileAndKey() {
    ConfFiles c = ConfFiles.valid(dir);
    String profile = c.shown("profile.yaml");
    c.write("profile.yaml", "survivorship:\n  first_name: {rule: loudest}\n");
    assertThatThrownBy(() -> load(c)).hasMessage(profile + ": survivorship.first_name.rule: unknown rule 'loudest' "
        + "(expected one of: source-priority, most-recent, most-frequent, first-non-null)");
    c.write("profile.yaml", "survivorship:\n  first_name: {rule: source-priority, sources: [crm, fax]}\n");
    assertThatThrownBy(() -> load(c)).hasMessage(profile + ": survivorship.first_name.sources: unknown source 'fax' "
        + "(declared: crm, web_events)");
    c.write("profile.yaml", "survivorship:\n  shoe_size: {rule: most-recent}\n");
    assertThatThrownBy(() -> load(c)).hasMessageStartingWith(profile + ": survivorship.shoe_size: unknown key");
    c.write("profile.yaml", "rfm:\n  recency-days: [30, 7, 90, 180]\n");
    assertThatThrownBy(() -> load(c)).hasMessage(profile + ": rfm.recency-days: expected ascending thresholds but 7 "
        + "follows 30.0");
    c.write("profile.yaml", "rfm:\n  recency-days: [7, 30, 90, 180]\n  frequency: [1, 2, 3, 4]\n"
        + "  monetary: [1, 2, 3, 4]\n  segments:\n    - {name: best, recency: 5-4}\n");
    assertThatThrownBy(() -> load(c)).hasMessage(profile + ": rfm.segments[0].recency: expected a range from low to "
        + "high but was '5-4'");
    c.write("profile.yaml", "lifecycle:\n  at-risk-after-days: 90\n  lapsed-after-days: 60\n");
    assertThatThrownBy(() -> load(c)).hasMessage(profile + ": lifecycle.lapsed-after-days: expected at-risk-after-days "
        + "(90) to be at least 1 and below lapsed-after-days (60)");
    c.write("profile.yaml", "segments:\n  - {name: a, where: 'x > 1; drop table y'}\n");
    assertThatThrownBy(() -> load(c)).hasMessage(profile + ": segments[0].where: expected one SQL predicate over "
        + "gold.customer_360's columns, without ';'");
    c.write("profile.yaml", "segments:\n  - {name: a, where: x > 1}\nactivations:\n"
        + "  - {name: out, segment: b, kind: file, columns: [email]}\n");
    assertThatThrownBy(() -> load(c)).hasMessage(profile + ": activations[0].segment: unknown segment 'b' (declared: a)");
    c.write("profile.yaml", "segments:\n  - {name: a, where: x > 1}\nactivations:\n"
        + "  - {name: out, segment: a, kind: jdbc, table: \"audience; drop\", url-env: X, columns: [email]}\n");
    assertThatThrownBy(() -> load(c)).hasMessage(profile + ": activations[0].table: expected a lower-case table name, "
        + "optionally schema.table, but was 'audience; drop'");
  }

  @Test
  void activationsAlwaysSendTheCustomerIdAndOnlyTheListedColumns() {
    ActivationConfig a = load(ConfFiles.valid(dir)).activation("buyers_file");
    assertThat(a.columns()).containsExactly("customer_id", "email");
    assertThat(a.format()).isEqualTo("csv");
  }
}
