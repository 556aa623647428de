package io.c360.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** conf/privacy.yaml: deadlines, purge, landing, and the personal-data catalog, and their errors. */
class PrivacyRulesTest {
  @TempDir
  Path dir;

  @Test
  void theRepositoryCatalogLoads() {
    PrivacyRules rules = Project.load(io.c360.testing.TestLakehouses.conf()).privacy();
    assertThat(rules.dueDays("gdpr")).isEqualTo(30);
    assertThat(rules.dueDays("ccpa")).isEqualTo(45);
    assertThat(rules.retainHours()).isZero();
    assertThat(rules.landing()).isEqualTo(PrivacyRules.LandingAction.REWRITE);
    assertThat(rules.personalData()).extracting(p -> p.table().toString())
        .contains("silver.events", "gold.identity_map", "gold.customer_360");
    assertThat(rules.role("analyst")).extracting(TableName::toString)
        .contains("gold.customer_360_masked", "gold.segments").doesNotContain("gold.customer_360");
    assertThatThrownBy(() -> rules.role("admin")).hasMessage("unknown role 'admin' (conf/privacy.yaml roles: analyst)");
  }

  @Test
  void aRoleIsGivenNoTableThatHoldsIdentifiers() {
    ConfFiles c = ConfFiles.valid(dir);
    String file = c.shown("privacy.yaml");
    String catalog = "regulations: {gdpr: 30}\npersonal-data:\n  - table: silver.events\n"
        + "    identifiers: {email: email}\n  - table: gold.identity_map\n    typed: [[id_type, id_value]]\n"
        + "  - table: gold.customer_orders\n    customer: customer_id\n";
    c.write("privacy.yaml", catalog + "roles:\n  analyst: [gold.customer_orders, gold.segments]\n");
    assertThat(Project.load(c.root()).privacy().role("analyst")).extracting(TableName::toString)
        .containsExactly("gold.customer_orders", "gold.segments");
    c.write("privacy.yaml", catalog + "roles:\n  analyst: [gold.segments, gold.identity_map]\n");
    assertThatThrownBy(() -> Project.load(c.root())).hasMessage(file + ": roles.analyst: gold.identity_map holds "
        + "identifiers (personal-data lists it with typed); give a role masked or aggregate tables");
    c.write("privacy.yaml", catalog + "roles:\n  analyst: [silver.events]\n");
    assertThatThrownBy(() -> Project.load(c.root())).hasMessage(file + ": roles.analyst: silver.events holds "
        + "identifiers (personal-data lists it with identifiers); give a role masked or aggregate tables");
    c.write("privacy.yaml", catalog + "roles:\n  analyst: [bronze.web_events]\n");
    assertThatThrownBy(() -> Project.load(c.root())).hasMessage(file + ": roles.analyst: bronze.web_events is a "
        + "bronze table: it holds its source's records, identifiers included");
    c.write("privacy.yaml", catalog + "roles:\n  Analyst: [gold.segments]\n");
    assertThatThrownBy(() -> Project.load(c.root())).hasMessage(file + ": roles.Analyst: expected a lower-case role "
        + "name such as analyst");
  }

  @Test
  void retentionKeepsAnonymousCustomersAndLandedFilesNinetyDaysUnlessToldOtherwise() {
    assertThat(Project.load(io.c360.testing.TestLakehouses.conf()).privacy().retention())
        .isEqualTo(new Retention(java.util.OptionalInt.of(90), java.util.OptionalInt.of(90)));
    ConfFiles c = ConfFiles.valid(dir);
    String file = c.shown("privacy.yaml");
    String catalog = "regulations: {gdpr: 30}\npersonal-data:\n  - table: gold.customer_orders\n    customer: customer_id\n";
    c.write("privacy.yaml", catalog);
    assertThat(Project.load(c.root()).privacy().retention()).isEqualTo(Retention.DEFAULT);
    c.write("privacy.yaml", catalog + "retention: {anonymous-days: 30, landing-days: forever}\n");
    PrivacyRules rules = Project.load(c.root()).privacy();
    assertThat(rules.retention()).isEqualTo(new Retention(java.util.OptionalInt.of(30), java.util.OptionalInt.empty()));
    assertThat(rules.dueDays(PrivacyRules.RETENTION)).isZero();
    c.write("privacy.yaml", catalog + "retention: {anonymous-days: 0}\n");
    assertThatThrownBy(() -> Project.load(c.root())).hasMessage(file + ": retention.anonymous-days: expected the days "
        + "to keep, 1 or more, or forever, but was '0'");
    c.write("privacy.yaml", catalog + "retention: {landing-days: 90d}\n");
    assertThatThrownBy(() -> Project.load(c.root())).hasMessage(file + ": retention.landing-days: expected the days "
        + "to keep, 1 or more, or forever, but was '90d'");
    c.write("privacy.yaml", catalog + "retention: {anonymous_days: 30}\n");
    assertThatThrownBy(() -> Project.load(c.root())).hasMessageStartingWith(file + ": retention.anonymous_days: ");
    c.write("privacy.yaml", "regulations: {gdpr: 30, retention: 1}\n");
    assertThatThrownBy(() -> Project.load(c.root())).hasMessage(file + ": regulations.retention: the name retention "
        + "is taken by the retention job's own runs");
  }

  @Test
  void aRetentionCutoffIsTheStartOfTheDaySoManyDaysBeforeTheAsOfDay() {
    assertThat(Retention.cutoff(java.util.OptionalInt.of(90), java.time.LocalDate.parse("2027-01-02")))
        .contains(java.time.Instant.parse("2026-10-04T00:00:00Z"));
    assertThat(Retention.cutoff(java.util.OptionalInt.empty(), java.time.LocalDate.parse("2027-01-02"))).isEmpty();
  }

  @Test
  void readsIdentifierColumnsTypedPairsAndCustomerColumns() {
    PrivacyRules rules = Project.load(ConfFiles.valid(dir).root()).privacy();
    assertThat(rules.personalData().get(0).identifiers()).containsExactly(
        java.util.Map.entry("user_id", "user_id"), java.util.Map.entry("email", "email"));
    assertThat(rules.personalData().get(1).typed()).containsExactly(List.of("from_id_type", "from_id_value"),
        List.of("to_id_type", "to_id_value"));
    assertThat(rules.personalData().get(2).customer()).contains("customer_id");
    assertThatThrownBy(() -> rules.dueDays("lgpd")).hasMessage("unknown regulation 'lgpd' (conf/privacy.yaml "
        + "declares: gdpr, ccpa)");
  }

  @Test
  void errorsNameTheFileAndKey() {
    ConfFiles c = ConfFiles.valid(dir);
    String file = c.shown("privacy.yaml");
    c.write("privacy.yaml", "regulations: {gdpr: 0}\n");
    assertThatThrownBy(() -> Project.load(c.root())).hasMessage(file + ": regulations.gdpr: expected the days to the "
        + "deadline, 1 or more, but was 0");
    c.write("privacy.yaml", "regulations: {gdpr: 30}\nlanding: shred\n");
    assertThatThrownBy(() -> Project.load(c.root())).hasMessage(file + ": landing: expected rewrite or delete but "
        + "was 'shred'");
    c.write("privacy.yaml", "regulations: {gdpr: 30}\npersonal-data:\n  - table: silver.events\n"
        + "    identifiers: {fax: fax_number}\n");
    assertThatThrownBy(() -> Project.load(c.root())).hasMessage(file + ": personal-data[0].identifiers.fax: unknown "
        + "identifier type (identity.yaml declares: user_id, email, phone)");
    c.write("privacy.yaml", "regulations: {gdpr: 30}\npersonal-data:\n  - table: bronze.crm\n    customer: x\n");
    assertThatThrownBy(() -> Project.load(c.root())).hasMessage(file + ": personal-data[0].table: a bronze table's "
        + "identifier columns are its source's (conf/sources/*.yaml: identifiers); list a bronze table here only for "
        + "typed (type column, value column) pairs or via");
    c.write("privacy.yaml", "regulations: {gdpr: 30}\npersonal-data:\n  - table: silver.events\n"
        + "    typed: [[id_type]]\n");
    assertThatThrownBy(() -> Project.load(c.root())).hasMessage(file + ": personal-data[0].typed: expected a list of "
        + "[type column, value column] pairs but found [id_type]");
    c.write("privacy.yaml", "regulations: {gdpr: 30}\npersonal-data:\n  - table: silver.events\n");
    assertThatThrownBy(() -> Project.load(c.root())).hasMessage(file + ": personal-data[0].table: silver.events: say "
        + "where it holds a person (identifiers, typed, customer or via)");
    c.write("privacy.yaml", "regulations: {gdpr: 30}\npersonal-data:\n  - table: silver.order_items\n"
        + "    via: {column: order_id, from: silver.orders}\n  - table: silver.orders\n    customer: customer_id\n");
    assertThatThrownBy(() -> Project.load(c.root())).hasMessage(file + ": personal-data[0].via.from: silver.orders is "
        + "not listed before silver.order_items (an erasure finds the person's rows there first)");
  }

  @Test
  void readsViaAndSeveralCustomerColumns() {
    PrivacyRules rules = Project.load(io.c360.testing.TestLakehouses.conf()).privacy();
    PrivacyRules.PersonalData items = rules.personalData().stream()
        .filter(p -> p.table().toString().equals("bronze.order_items")).findFirst().orElseThrow();
    assertThat(items.via()).contains(new PrivacyRules.Via("order_id", TableName.of("silver", "orders")));
    PrivacyRules.PersonalData merges = rules.personalData().stream()
        .filter(p -> p.table().toString().equals("gold.identity_merges")).findFirst().orElseThrow();
    assertThat(merges.customer()).containsExactly("old_customer_id", "new_customer_id");
  }
}
