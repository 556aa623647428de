package io.c360.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.c360.config.Models;
import io.c360.config.TableName;
import io.c360.ingest.OpsTables;
import io.c360.job.RunContext;
import io.c360.job.StepResult;
import io.c360.lake.Lakehouse;
import io.c360.testing.TestLakehouses;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden rows for the silver models: bronze rows in, silver rows out, over several runs, and an
 * incremental run's table equal to a full refresh's. The class shares the session and conf/; each
 * method has its own lakehouse folder.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelStepTest {
  private static final String LINEAGE = ", _source string, _source_file string, _ingested_at timestamp, "
      + "_batch_id bigint, _record_hash string";
  private static final String CRM = "crm_id string, email string, phone string, first_name string, last_name string, "
      + "birth_date date, street string, city string, postal_code string, country string, updated_at timestamp, "
      + "is_deleted boolean" + LINEAGE;
  private static final String ORDERS = "order_id string, user_id string, email string, status string, "
      + "currency string, total_amount decimal(12,2), ordered_at timestamp, updated_at timestamp" + LINEAGE;

  @TempDir
  Path dir;

  private io.c360.config.Project project;
  private Lakehouse lake;
  private long batch;

  @BeforeAll
  void loadConf() {
    project = io.c360.config.Project.load(TestLakehouses.conf());
  }

  @BeforeEach
  void open(TestInfo test) {
    Path own = dir.resolve(test.getTestMethod().orElseThrow().getName());
    lake = TestLakehouses.open(own.resolve("landing"), own.resolve("lake"), TestLakehouses.newCatalog(), List.of(),
        project);
    batch = 0;
    emailRules = io.c360.config.EmailRules.AS_WRITTEN;
  }

  /** Appends one bronze batch: JSON rows with the lineage columns filled in. */
  private void land(String table, String ddl, String... rows) {
    batch++;
    List<String> lines = new ArrayList<>();
    for (String r : rows) {
      lines.add(r.substring(0, r.lastIndexOf('}')) + ", \"_source\": \"test\", \"_source_file\": \"f" + batch
          + "\", \"_ingested_at\": \"2026-10-0" + batch + "T00:00:00Z\", \"_batch_id\": " + batch
          + ", \"_record_hash\": \"" + Integer.toHexString(r.hashCode()) + "\"}");
    }
    Dataset<Row> df = lake.spark().read().schema(ddl).json(lake.spark().createDataset(lines, Encoders.STRING()));
    lake.append(TableName.parse(table), df);
  }

  private String bronze(String source) {
    return io.c360.ingest.IngestStep.bronzeSchema(project.source(source))
        .toDDL();
  }

  private StepResult run(String model) {
    return run(model, false);
  }

  private io.c360.config.EmailRules emailRules = io.c360.config.EmailRules.AS_WRITTEN;

  private StepResult run(String model, boolean fullRefresh) {
    return new ModelStep(lake, Models.onClasspath(), model, emailRules,
        project.sources().values())
        .apply(new RunContext("run-" + batch + (fullRefresh ? "-full" : ""), 100 + batch, Instant.now(), fullRefresh));
  }

  /** A run as a job's step: its runs are recorded in the job's {@code history}. */
  private StepResult run(String model, RunHistory history) {
    return new ModelStep(lake, Models.onClasspath(), model, emailRules,
        project.sources().values(), "", history)
        .apply(new RunContext("run-" + batch, 100 + batch, Instant.now(), false));
  }

  private List<String> rows(String sql) {
    return lake.spark().sql(sql).collectAsList().stream().map(r -> r.mkString("|")).toList();
  }

  private static String contact(String id, String email, String updatedAt, boolean deleted) {
    return "{\"crm_id\": \"" + id + "\", \"email\": \"" + email + "\", \"country\": \"United Kingdom\", "
        + "\"updated_at\": \"" + updatedAt + "\", \"is_deleted\": " + deleted + "}";
  }

  @Test
  void contactsKeepEveryVersionAcrossThreeRunsAndADeletionClosesTheContact() {
    String versions = "select contact_id, email, valid_from, valid_to, is_current, is_deleted from silver.contacts "
        + "order by contact_id, valid_from";
    land("bronze.crm_contacts", CRM, contact("c1", " Ann@Example.com ", "2026-01-01T00:00:00Z", false),
        contact("c2", "bob@example.com", "2026-01-01T00:00:00Z", false));
    run("silver/contacts");
    assertThat(rows(versions)).containsExactly(
        "c1|ann@example.com|2026-01-01 00:00:00.0|null|true|false",
        "c2|bob@example.com|2026-01-01 00:00:00.0|null|true|false");

    // A new version, and one older than the current arriving late: history is re-threaded.
    land("bronze.crm_contacts", CRM, contact("c1", "ann@new.example.com", "2026-01-05T00:00:00Z", false),
        contact("c1", "ann@mid.example.com", "2026-01-03T00:00:00Z", false));
    run("silver/contacts");
    assertThat(rows(versions)).containsExactly(
        "c1|ann@example.com|2026-01-01 00:00:00.0|2026-01-03 00:00:00.0|false|false",
        "c1|ann@mid.example.com|2026-01-03 00:00:00.0|2026-01-05 00:00:00.0|false|false",
        "c1|ann@new.example.com|2026-01-05 00:00:00.0|null|true|false",
        "c2|bob@example.com|2026-01-01 00:00:00.0|null|true|false");

    // Deleted at the source: closed, not lost. The same export landed again changes nothing.
    land("bronze.crm_contacts", CRM, contact("c2", "bob@example.com", "2026-01-07T00:00:00Z", true),
        contact("c1", "ann@new.example.com", "2026-01-05T00:00:00Z", false));
    run("silver/contacts");
    List<String> incremental = rows(versions);
    assertThat(incremental).containsExactly(
        "c1|ann@example.com|2026-01-01 00:00:00.0|2026-01-03 00:00:00.0|false|false",
        "c1|ann@mid.example.com|2026-01-03 00:00:00.0|2026-01-05 00:00:00.0|false|false",
        "c1|ann@new.example.com|2026-01-05 00:00:00.0|null|true|false",
        "c2|bob@example.com|2026-01-01 00:00:00.0|2026-01-07 00:00:00.0|false|false",
        "c2|bob@example.com|2026-01-07 00:00:00.0|null|false|true");

    run("silver/contacts", true);
    assertThat(rows(versions)).containsExactlyElementsOf(incremental);
    assertThat(rows("select strategy, is_full_refresh, since_batch_id, until_batch_id, rows_in from ops.model_runs "
        + "where model = 'silver.contacts' order by recorded_at")).containsExactly(
            "scd2|true|-1|1|2", "scd2|false|1|2|2", "scd2|false|2|3|2", "scd2|true|-1|3|6");
  }

  private static String order(String id, String status, String amount, String updatedAt) {
    return "{\"order_id\": \"" + id + "\", \"status\": \"" + status + "\", \"currency\": \"gbp\", \"total_amount\": "
        + amount + ", \"ordered_at\": \"2026-01-01T00:00:00Z\", \"updated_at\": \"" + updatedAt + "\"}";
  }

  @Test
  void anOrderTakesItsLatestStateAndALateOlderExportIsIgnored() {
    String state = "select order_id, status, currency, total_amount, updated_at from silver.orders order by order_id";
    land("bronze.orders", ORDERS, order("o1", "placed", "10.00", "2026-01-01T10:00:00Z"),
        order("o1", "paid", "10.00", "2026-01-01T11:00:00Z"), order("o2", "placed", "5.50", "2026-01-01T10:00:00Z"));
    run("silver/orders");
    assertThat(rows(state)).containsExactly("o1|paid|GBP|10.00|2026-01-01 11:00:00.0",
        "o2|placed|GBP|5.50|2026-01-01 10:00:00.0");

    land("bronze.orders", ORDERS, order("o1", "placed", "10.00", "2026-01-01T09:00:00Z"),
        order("o2", "cancelled", "5.50", "2026-01-02T10:00:00Z"));
    run("silver/orders");
    land("bronze.orders", ORDERS, order("o1", "refunded", "10.00", "2026-01-03T10:00:00Z"));
    run("silver/orders");
    List<String> incremental = rows(state);
    assertThat(incremental).containsExactly("o1|refunded|GBP|10.00|2026-01-03 10:00:00.0",
        "o2|cancelled|GBP|5.50|2026-01-02 10:00:00.0");
    run("silver/orders", true);
    assertThat(rows(state)).containsExactlyElementsOf(incremental);
  }

  @Test
  void aJobsStepsPlanFromTheRunsTheyRecordedBeforeTheJobWritesThem() {
    io.c360.lake.OpsRows ops = io.c360.lake.OpsRows.deferred(lake);
    RunHistory job = new RunHistory(lake, ops);
    String runs = "select since_batch_id, until_batch_id, is_full_refresh from ops.model_runs "
        + "where model = 'silver.orders' order by recorded_at";
    land("bronze.orders", ORDERS, order("o1", "placed", "10.00", "2026-01-01T10:00:00Z"));
    run("silver/orders", job);
    land("bronze.orders", ORDERS, order("o1", "paid", "10.00", "2026-01-01T11:00:00Z"));
    run("silver/orders", job);
    assertThat(rows(runs)).as("kept until the job ends").isEmpty();
    assertThat(ops.pending(TableName.parse("ops.model_runs"))).hasSize(2);

    ops.flush();
    assertThat(rows(runs)).containsExactly("-1|1|true", "1|2|false");
    land("bronze.orders", ORDERS, order("o1", "refunded", "10.00", "2026-01-02T10:00:00Z"));
    run("silver/orders"); // the next job plans from what the last one wrote
    assertThat(rows(runs)).containsExactly("-1|1|true", "1|2|false", "2|3|false");
    assertThat(rows("select order_id, status from silver.orders")).containsExactly("o1|refunded");
    assertThat(rows("select distinct check_type from ops.quality_results where model = 'silver.orders' order by 1"))
        .contains("uniqueness");
  }

  @Test
  void aDroppedNewestRowLeavesTheOlderValidStateInIncrementalRunsAndFullRefreshesAlike() {
    String state = "select order_id, status, total_amount from silver.orders";
    land("bronze.orders", ORDERS, order("o1", "placed", "10.00", "2026-01-01T10:00:00Z"));
    run("silver/orders");
    land("bronze.orders", ORDERS, order("o1", "paid", "-10.00", "2026-01-02T10:00:00Z"));
    run("silver/orders");
    assertThat(rows(state)).containsExactly("o1|placed|10.00");
    run("silver/orders", true);
    assertThat(rows(state)).containsExactly("o1|placed|10.00");
    // The rebuild quarantined the bad row again and replaced the model's earlier quarantine rows.
    assertThat(rows("select source, reason from ops.quarantine")).containsExactly(
        "silver.orders|expectation amount_not_negative not met: total_amount >= 0");
  }

  @Test
  void changedNormalisationRulesRebuildTheTableInsteadOfMergingRowsMadeTwoWays() {
    land("bronze.crm_contacts", CRM, contact("c1", "j.doe@gmail.com", "2026-01-01T00:00:00Z", false));
    run("silver/contacts");
    run("silver/contacts");
    // Gmail dots removal turned on in conf/identity.yaml: the functions and the step see the new rules.
    emailRules = new io.c360.config.EmailRules(true, false);
    io.c360.config.IdentityRules base = project.identity();
    io.c360.conform.SparkFunctions.register(lake.spark(), base.withEmail(emailRules));
    try {
      run("silver/contacts");
    } finally {
      io.c360.conform.SparkFunctions.register(lake.spark(), base);
    }
    assertThat(rows("select email from silver.contacts")).containsExactly("jdoe@gmail.com");
    assertThat(rows("select is_full_refresh, since_batch_id, rows_in from ops.model_runs order by recorded_at"))
        .containsExactly("true|-1|1", "false|1|0", "true|-1|1");
  }

  @Test
  void rowsFailingADropExpectationGoToQuarantineAndEveryCheckIsRecorded() {
    land("bronze.orders", ORDERS, order("o1", "placed", "10.00", "2026-01-01T10:00:00Z"),
        order("o2", "placed", "-3.00", "2026-01-01T10:00:00Z"),
        order("o3", "placed", "1.00", "2026-01-01T10:00:00Z").replace("\"gbp\"", "\"pounds\""));
    StepResult result = run("silver/orders");

    assertThat(rows("select order_id from silver.orders")).containsExactly("o1");
    assertThat(result.rowsRead()).isEqualTo(3);
    assertThat(result.rowsRejected()).isEqualTo(2);
    assertThat(rows("select source, reason from ops.quarantine order by reason")).containsExactly(
        "silver.orders|expectation amount_not_negative not met: total_amount >= 0",
        "silver.orders|expectation known_currency not met: currency rlike '^[A-Z]{3}$'");
    assertThat(lake.read(OpsTables.QUARANTINE).where("reason like '%amount_not_negative%'").first()
        .<String>getAs("record")).contains("\"order_id\":\"o2\"");
    assertThat(rows("select check_type, check_name, action, rows_checked, rows_failing from ops.quality_results "
        + "order by check_type, check_name")).containsExactly(
            "completeness|currency|record|1|0",
            "completeness|order_id|record|1|0",
            "completeness|total_amount|record|1|0",
            "expectation|amount_not_negative|drop|3|1",
            "expectation|known_currency|drop|3|1",
            "uniqueness|order_id|record|1|0");
  }

  @Test
  void aFailingExpectationStopsTheStepAndLeavesTheTableAsItWas() {
    land("bronze.web_events", bronze("web_events"),
        "{\"messageId\": \"m1\", \"type\": \"track\", \"timestamp\": \"2026-01-01T00:00:00Z\"}");
    run("silver/events");
    land("bronze.web_events", bronze("web_events"),
        "{\"messageId\": \"m2\", \"type\": \"launch\", \"timestamp\": \"2026-01-01T00:00:00Z\"}",
        "{\"messageId\": \"m1\", \"type\": \"page\", \"timestamp\": \"2026-01-02T00:00:00Z\"}");
    assertThatThrownBy(() -> run("silver/events")).hasMessage("silver.events: expectation known_event_type "
        + "(event_type in ('track', 'page', 'screen', 'identify', 'alias', 'group')) not met by 1 of 2 rows; its action "
        + "is fail, so silver.events is not changed");
    assertThat(rows("select event_id, event_type from silver.events")).containsExactly("m1|track");
  }

  @Test
  void anEventSeenAgainInALaterBatchKeepsItsFirstCopy() {
    String ddl = bronze("web_events");
    land("bronze.web_events", ddl, "{\"messageId\": \"m1\", \"type\": \"track\", \"event\": \"first\", "
        + "\"timestamp\": \"2026-01-01T23:59:00+01:00\"}");
    run("silver/events");
    land("bronze.web_events", ddl, "{\"messageId\": \"m1\", \"type\": \"track\", \"event\": \"retry\", "
        + "\"timestamp\": \"2026-01-01T23:59:00+01:00\"}", "{\"messageId\": \"m2\", \"type\": \"page\", "
        + "\"timestamp\": \"2026-01-02T00:00:00Z\"}");
    run("silver/events");
    String events = "select event_id, event_name, occurred_at, event_date from silver.events order by event_id";
    List<String> incremental = rows(events);
    // Occurred at 22:59 UTC on the 1st: it lands on that day whatever its offset.
    assertThat(incremental).containsExactly("m1|first|2026-01-01 22:59:00.0|2026-01-01",
        "m2|null|2026-01-02 00:00:00.0|2026-01-02");
    run("silver/events", true);
    assertThat(rows(events)).containsExactlyElementsOf(incremental);
    assertThat(Arrays.asList(lake.read(TableName.parse("silver.events")).columns())).contains("utm_campaign",
        "device_type", "locale", "properties");
  }

  @Test
  void consentKeepsItsHistoryAndTheLatestChangePerIdentifierPurposeAndChannelIsCurrent() {
    String ddl = bronze("consent");
    land("bronze.consent", ddl, consent("k1", "email", " Ann@Example.com", "marketing", "email", true, "2026-01-01T00:00:00Z"),
        consent("k2", "phone", "07911 123456", "marketing", "sms", true, "2026-01-01T00:00:00Z"));
    run("silver/consent");
    // Withdrawn, then a grant sent earlier arrives late: history re-threaded, the withdrawal stays current.
    land("bronze.consent", ddl, consent("k3", "email", "ann@example.com", "marketing", "email", false, "2026-01-05T00:00:00Z"));
    run("silver/consent");
    land("bronze.consent", ddl, consent("k4", "email", "ANN@example.com", "marketing", "email", true, "2026-01-03T00:00:00Z"),
        consent("k5", "email", "not an address", "marketing", "email", true, "2026-01-03T00:00:00Z"));
    StepResult last = run("silver/consent");
    String history = "select consent_id, id_type, id_value, channel, is_granted, occurred_at, valid_to, is_current "
        + "from silver.consent order by id_type, occurred_at";
    List<String> incremental = rows(history);
    assertThat(incremental).containsExactly(
        "k1|email|ann@example.com|email|true|2026-01-01 00:00:00.0|2026-01-03 00:00:00.0|false",
        "k4|email|ann@example.com|email|true|2026-01-03 00:00:00.0|2026-01-05 00:00:00.0|false",
        "k3|email|ann@example.com|email|false|2026-01-05 00:00:00.0|null|true",
        "k2|phone|+447911123456|sms|true|2026-01-01 00:00:00.0|null|true");
    assertThat(last.rowsRejected()).isEqualTo(1); // an identifier that does not normalise: quarantined
    run("silver/consent", true);
    assertThat(rows(history)).containsExactlyElementsOf(incremental);
  }

  private static String consent(String id, String type, String value, String purpose, String channel, boolean granted,
      String at) {
    return "{\"consent_id\": \"" + id + "\", \"id_type\": \"" + type + "\", \"id_value\": \"" + value
        + "\", \"purpose\": \"" + purpose + "\", \"channel\": \"" + channel + "\", \"granted\": " + granted
        + ", \"occurred_at\": \"" + at + "\"}";
  }

  @Test
  void emailEngagementKeepsEachEventOnceAndOrderItemsTheirLatestExport() {
    String engagement = bronze("email_engagement");
    land("bronze.email_engagement", engagement,
        "{\"event_id\": \"e1\", \"email\": \"Ann@Example.com\", \"campaign_id\": \"c1\", \"event_type\": \"OPEN\", "
            + "\"occurred_at\": \"2026-01-01T10:00:00Z\"}",
        "{\"event_id\": \"e2\", \"email\": \"ann@example.com\", \"campaign_id\": \"c1\", \"event_type\": \"forward\", "
            + "\"occurred_at\": \"2026-01-01T11:00:00Z\"}");
    run("silver/email_engagement");
    land("bronze.email_engagement", engagement,
        "{\"event_id\": \"e1\", \"email\": \"other@example.com\", \"campaign_id\": \"c1\", \"event_type\": \"open\", "
            + "\"occurred_at\": \"2026-01-01T10:00:00Z\"}");
    run("silver/email_engagement");
    assertThat(rows("select event_id, email, event_type from silver.email_engagement")).containsExactly(
        "e1|ann@example.com|open");
    assertThat(rows("select reason from ops.quarantine")).containsExactly(
        "expectation known_event_type not met: event_type in ('send', 'open', 'click', 'unsubscribe', 'bounce')");

    String items = bronze("order_items");
    land("bronze.order_items", items, "{\"order_id\": \"o1\", \"line_number\": 1, \"sku\": \"S1\", "
        + "\"category\": \" Shoes \", \"quantity\": 2, \"unit_price\": 9.99, \"currency\": \"eur\"}");
    run("silver/order_items");
    land("bronze.order_items", items, "{\"order_id\": \"o1\", \"line_number\": 1, \"sku\": \"S1\", "
        + "\"category\": \"shoes\", \"quantity\": 3, \"unit_price\": 9.99, \"currency\": \"EUR\"}");
    run("silver/order_items");
    assertThat(rows("select order_id, line_number, category, quantity, unit_price, line_amount, currency "
        + "from silver.order_items")).containsExactly("o1|1|shoes|3|9.99|29.97|EUR");
  }

  private static String observation(String type, String value, String source, String record, String at) {
    return "{\"id_type\": \"" + type + "\", \"id_value\": \"" + value + "\", \"source\": \"" + source
        + "\", \"record_key\": \"" + record + "\", \"observed_at\": \"" + at + "\"}";
  }

  @Test
  void identityEdgesCountRecordsPerPairAndANewRecordRecomputesOnlyThePairsItTouches() {
    String identifiers = "id_type string, id_value string, source string, record_key string, observed_at timestamp, "
        + "_batch_id bigint";
    String edges = "select from_id_type, from_id_value, to_id_type, to_id_value, source, record_count, "
        + "first_seen_at, last_seen_at from silver.identity_edges order by 1, 2, 3, 4, 5";
    land("silver.identifiers", identifiers,
        observation("email", "ann@example.com", "crm", "c1", "2026-01-01T00:00:00Z"),
        observation("phone", "+447700900001", "crm", "c1", "2026-01-01T00:00:00Z"),
        observation("email", "bob@example.com", "crm", "c2", "2026-01-01T00:00:00Z"),
        observation("phone", "+447700900002", "crm", "c2", "2026-01-01T00:00:00Z"));
    run("silver/identity_edges");
    assertThat(rows(edges)).containsExactly(
        "email|ann@example.com|phone|+447700900001|crm|1|2026-01-01 00:00:00.0|2026-01-01 00:00:00.0",
        "email|bob@example.com|phone|+447700900002|crm|1|2026-01-01 00:00:00.0|2026-01-01 00:00:00.0");

    // A second record with Ann's pair, the same contact updated with a new e-mail, and an earlier sighting.
    land("silver.identifiers", identifiers,
        observation("email", "ann@example.com", "crm", "c3", "2026-01-04T00:00:00Z"),
        observation("phone", "+447700900001", "crm", "c3", "2026-01-04T00:00:00Z"),
        observation("email", "ann@work.example.com", "crm", "c1", "2025-12-30T00:00:00Z"));
    run("silver/identity_edges");
    List<String> incremental = rows(edges);
    assertThat(incremental).containsExactly(
        "email|ann@example.com|email|ann@work.example.com|crm|1|2025-12-30 00:00:00.0|2026-01-01 00:00:00.0",
        "email|ann@example.com|phone|+447700900001|crm|2|2026-01-01 00:00:00.0|2026-01-04 00:00:00.0",
        "email|ann@work.example.com|phone|+447700900001|crm|1|2025-12-30 00:00:00.0|2026-01-01 00:00:00.0",
        "email|bob@example.com|phone|+447700900002|crm|1|2026-01-01 00:00:00.0|2026-01-01 00:00:00.0");
    // Bob's pair was not recomputed: the second run merged three pairs.
    assertThat(rows("select rows_in from ops.model_runs where model = 'silver.identity_edges' order by recorded_at"))
        .containsExactly("2", "3");

    run("silver/identity_edges", true);
    assertThat(rows(edges)).isEqualTo(incremental);
  }
}
