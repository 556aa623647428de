package io.c360.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigTest {
  @TempDir
  Path dir;

  private JobConfig job(ConfFiles c, String yaml) {
    c.write("jobs/test.yaml", yaml);
    return JobConfig.load(c.file("jobs/test.yaml"), Project.load(c.root()));
  }

  @Test
  void loadsStepsWithTheirKindsParametersAndDependencies() {
    ConfFiles c = ConfFiles.valid(dir);
    JobConfig job = JobConfig.load(c.file("jobs/daily.yaml"), Project.load(c.root()));
    assertThat(job.name()).isEqualTo("daily");
    assertThat(job.steps()).extracting(StepConfig::name).containsExactly("ingest_crm", "silver_events");
    assertThat(job.steps().get(0).params()).containsEntry("source", "crm");
    assertThat(job.steps().get(1).dependsOn()).containsExactly("ingest_crm");
  }

  @Test
  void refusesAnUnknownStepKind() {
    ConfFiles c = ConfFiles.valid(dir);
    assertThatThrownBy(() -> job(c, """
        steps:
          - name: a
            kind: magic
        """)).hasMessage(c.shown("jobs/test.yaml")
        + ": steps[0].kind: unknown step kind 'magic' (known kinds: ingest, sql, identifiers, identity, segments, activate, "
        + "erase-requests, retention)");
  }

  @Test
  void refusesAMissingSqlFile() {
    ConfFiles c = ConfFiles.valid(dir);
    assertThatThrownBy(() -> job(c, """
        steps:
          - name: a
            kind: sql
            model: silver/nothing_here
        """)).hasMessage(c.shown("jobs/test.yaml") + ": steps[0].model: SQL file sql/silver/nothing_here.sql not found");
  }

  @Test
  void refusesAnUnknownSource() {
    ConfFiles c = ConfFiles.valid(dir);
    assertThatThrownBy(() -> job(c, """
        steps:
          - name: a
            kind: ingest
            source: shopify
        """)).hasMessage(c.shown("jobs/test.yaml") + ": steps[0].source: unknown source 'shopify' (no "
        + c.shown("sources/shopify.yaml") + "; sources: crm, web_events)");
  }

  @Test
  void refusesAMissingRequiredValue() {
    ConfFiles c = ConfFiles.valid(dir);
    assertThatThrownBy(() -> job(c, """
        steps:
          - name: a
            kind: ingest
        """)).hasMessage(c.shown("jobs/test.yaml") + ": steps[0].source: missing required value for a step of kind ingest");
  }

  @Test
  void refusesAnUnknownKey() {
    ConfFiles c = ConfFiles.valid(dir);
    assertThatThrownBy(() -> job(c, """
        steps:
          - name: a
            kind: ingest
            source: crm
            dependson: [b]
        """)).hasMessage(c.shown("jobs/test.yaml") + ": steps[0].dependson: unknown key "
        + "(expected one of: depends_on, description, kind, name, source); did you mean depends_on?");
  }

  @Test
  void refusesADependencyOnAnUnknownStep() {
    ConfFiles c = ConfFiles.valid(dir);
    assertThatThrownBy(() -> job(c, """
        steps:
          - name: a
            kind: ingest
            source: crm
            depends_on: [b]
        """)).hasMessage(c.shown("jobs/test.yaml") + ": steps[0].depends_on: unknown step 'b' (steps: a)");
  }

  @Test
  void refusesAStepDeclaredTwice() {
    ConfFiles c = ConfFiles.valid(dir);
    assertThatThrownBy(() -> job(c, """
        steps:
          - {name: a, kind: identity}
          - {name: a, kind: identity}
        """)).hasMessage(c.shown("jobs/test.yaml") + ": steps[1].name: step 'a' is declared twice");
  }

  @Test
  void refusesAnIdentifierColumnMissingFromTheSchema() {
    ConfFiles c = ConfFiles.valid(dir).write("sources/crm.yaml", """
        kind: csv
        key: crm_id
        observed-at: updated_at
        schema:
          crm_id: string
          email: string
          updated_at: timestamp
        identifiers:
          email: mail
        """);
    assertThatThrownBy(() -> Project.load(c.root()))
        .hasMessage(c.shown("sources/crm.yaml") + ": identifiers.email: column 'mail' is not in the declared "
            + "schema (columns: crm_id, email, updated_at)");
  }

  @Test
  void refusesAnUnknownIdentifierType() {
    ConfFiles c = ConfFiles.valid(dir).write("sources/crm.yaml", """
        kind: csv
        key: crm_id
        observed-at: crm_id
        schema: {crm_id: string}
        identifiers:
          fax: crm_id
        """);
    assertThatThrownBy(() -> Project.load(c.root()))
        .hasMessage(c.shown("sources/crm.yaml") + ": identifiers.fax: unknown identifier type (expected one of: "
            + "user_id, email, phone, as declared in conf/identity.yaml)");
  }

  @Test
  void refusesATypeSparkDoesNotKnow() {
    ConfFiles c = ConfFiles.valid(dir).write("sources/orders.yaml", """
        kind: csv
        key: order_id
        schema:
          order_id: string
          amount: decimel(12,2)
        """);
    assertThatThrownBy(() -> Project.load(c.root())).isInstanceOf(ConfigException.class)
        .hasMessage(c.shown("sources/orders.yaml") + ": schema.amount: not a Spark SQL type: 'decimel(12,2)' "
            + "(e.g. string, bigint, double, decimal(12,2), boolean, date, timestamp, array<string>)");
  }

  @Test
  void refusesDatetimeAndAColumnListAsTypes() {
    ConfFiles c = ConfFiles.valid(dir).write("sources/orders.yaml", """
        kind: csv
        key: order_id
        schema: {order_id: string, ordered_at: datetime}
        """);
    assertThatThrownBy(() -> Project.load(c.root()))
        .hasMessageStartingWith(c.shown("sources/orders.yaml") + ": schema.ordered_at: not a Spark SQL type: 'datetime' (");
    c.write("sources/orders.yaml", """
        kind: csv
        key: order_id
        schema: {order_id: string, email: email string}
        """);
    assertThatThrownBy(() -> Project.load(c.root()))
        .hasMessageStartingWith(c.shown("sources/orders.yaml") + ": schema.email: not a Spark SQL type: 'email string' (");
  }

  @Test
  void acceptsSparkTypesAsWritten() {
    ConfFiles c = ConfFiles.valid(dir).write("sources/orders.yaml", """
        kind: json
        key: order_id
        schema:
          order_id: STRING
          amount: decimal(12, 2)
          ordered_at: timestamp
          day: date
          lines: array<struct<sku:string,qty:int>>
          tags: map<string,string>
          customer: struct<id:string,vip:boolean>
        """);
    assertThat(Project.load(c.root()).source("orders").schema()).containsEntry("amount", "decimal(12, 2)")
        .containsEntry("lines", "array<struct<sku:string,qty:int>>");
  }

  @Test
  void onChangeIsReportOrReingestForSourcesReadFromFiles() {
    ConfFiles c = ConfFiles.valid(dir).write("sources/crm.yaml", "kind: csv\nkey: a\nschema: {a: string}\n"
        + "on-change: reingest\n");
    assertThat(Project.load(c.root()).sources().get("crm").reingestChanged()).isTrue();
    c.write("sources/crm.yaml", "kind: csv\nkey: a\nschema: {a: string}\non-change: replace\n");
    assertThatThrownBy(() -> Project.load(c.root()))
        .hasMessage(c.shown("sources/crm.yaml") + ": on-change: expected report or reingest but was 'replace'");
  }

  @Test
  void refusesAnUnknownSourceKind() {
    ConfFiles c = ConfFiles.valid(dir).write("sources/crm.yaml", "kind: excel\nkey: a\nschema: {a: string}\n");
    assertThatThrownBy(() -> Project.load(c.root()))
        .hasMessage(c.shown("sources/crm.yaml") + ": kind: expected one of events, csv, json, parquet, jdbc, cdc but was 'excel'");
  }

  @Test
  void refusesAPasswordInAJdbcUrl() {
    ConfFiles c = ConfFiles.valid(dir).write("sources/crm.yaml", """
        kind: jdbc
        jdbc:
          url: jdbc:postgresql://db:5432/shop?user=app&password=hunter2
          table: public.orders
          watermark: updated_at
        key: id
        schema: {id: string, updated_at: timestamp}
        """);
    assertThatThrownBy(() -> Project.load(c.root())).hasMessage(c.shown("sources/crm.yaml")
        + ": jdbc.url: holds a password; name an environment variable under password-env instead");
  }

  @Test
  void eventsSourcesGetTheSegmentSchema() {
    Project p = Project.load(ConfFiles.valid(dir).root());
    assertThat(p.source("web_events").schema()).containsKeys("messageId", "anonymousId", "userId", "traits", "context");
    assertThat(p.source("web_events").table()).isEqualTo(TableName.parse("bronze.web_events"));
  }

  @Test
  void blocklistMatchesValuesAndPatterns() {
    IdentityRules rules = Project.load(ConfFiles.valid(dir).root()).identity();
    assertThat(rules.isBlocked("TEST@test.com")).isTrue();
    assertThat(rules.isBlocked("000000")).isTrue();
    assertThat(rules.isBlocked("jane@example.com")).isFalse();
    assertThat(rules.types().priority("user_id")).isZero();
    assertThat(rules.sharedThreshold("user_id")).isEqualTo(1);
    assertThat(rules.sharedThreshold("email")).isEqualTo(3);
  }
}
