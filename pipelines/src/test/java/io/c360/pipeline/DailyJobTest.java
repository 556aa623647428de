package io.c360.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.c360.testing.ReferenceLakehouse;
import io.c360.testing.TestLakehouses;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily job end to end on the reference lakehouse (a generated landing zone beside a corpus of
 * bad files), checked against the generator's ground truth: nothing lost, duplicates removed,
 * identities stitched, revenue reconciled, re-run idempotent. The first half of the days landed and
 * ran first, then the rest ran incrementally; a full refresh must give the same tables. The fault
 * corpus's own checks are in {@link FaultSuiteTest}; here its files are left out of the counts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DailyJobTest {
  private static final int STEPS = ReferenceLakehouse.STEPS;
  /** Rows that came from the fault corpus's files, by a table's file column. */
  private static final String FROM_CORPUS = " like '%/faults%'";

  @TempDir
  static Path dir;

  private ReferenceLakehouse reference;
  private Map<String, Long> generated;
  private SparkSession spark;
  /**
   * A private copy of the reference, which the tests read and run commands on: a command opens
   * the lakehouse it is given in the session the tests share.
   */
  private Path copy;
  private List<String> copyArgs;
  private String firstConsole;
  private String secondConsole;

  @BeforeAll
  void openTheReference() {
    reference = ReferenceLakehouse.get();
    generated = reference.recordsPerSource();
    firstConsole = reference.console("first");
    secondConsole = reference.console("second");
    copy = reference.copy(dir.resolve("copy"));
    copyArgs = reference.args(copy, TestLakehouses.newCatalog());
    spark = reference.open(copy).spark();
    Path truth = reference.generated().resolve("ground_truth");
    spark.read().option("header", "true").csv(truth.resolve("identifiers.csv").toString())
        .createOrReplaceTempView("truth_identifiers");
    spark.read().option("header", "true").csv(truth.resolve("records.csv").toString())
        .createOrReplaceTempView("truth_records");
    spark.read().option("header", "true").csv(truth.resolve("junk_identifiers.csv").toString())
        .createOrReplaceTempView("truth_junk");
  }

  private long count(String sql) {
    return spark.sql(sql).first().getLong(0);
  }

  @Test
  @Order(1)
  void everyGeneratedRecordEndsInBronzeOrQuarantine() {
    for (String source : List.of("crm_contacts", "orders", "order_items", "order_changes", "email_engagement",
        "consent")) {
      long bronze = count("select count(*) from bronze." + source + " where _source_file not" + FROM_CORPUS);
      long quarantined = count("select count(*) from ops.quarantine where source = '" + source + "' "
          + "and source_file not" + FROM_CORPUS);
      assertThat(bronze + quarantined).as(source).isEqualTo(generated.get(source));
    }
    long events = generated.get("web_events");
    long malformed = generated.get("web_events_malformed");
    assertThat(malformed).isPositive();
    assertThat(count("select count(*) from bronze.web_events where _source_file not" + FROM_CORPUS)).isEqualTo(events);
    assertThat(count("select count(*) from ops.quarantine where source = 'web_events' and source_file not"
        + FROM_CORPUS)).isEqualTo(malformed);
    assertThat(spark.sql("select distinct reason from ops.quarantine where source = 'web_events' "
        + "and source_file not" + FROM_CORPUS).as(
        org.apache.spark.sql.Encoders.STRING()).collectAsList())
        .allSatisfy(r -> assertThat(r).isIn("malformed JSON", "a JSON array, expected one JSON object per line",
            "invalid UTF-8 encoding"));
    // The ledger agrees: per file, read = written + quarantined, and in total every record.
    assertThat(count("select count(*) from ops.ingested_files where rows_read <> rows_written + rows_quarantined"))
        .isZero();
    long totalGenerated = generated.values().stream().mapToLong(Long::longValue).sum();
    assertThat(count("select sum(rows_read) from ops.ingested_files where file_path not" + FROM_CORPUS))
        .isEqualTo(totalGenerated);
  }

  @Test
  @Order(2)
  void silverEventsHoldEachMessageOnce() {
    long unique = count("select count(*) from truth_records where source = 'web_events'");
    String generatedEvents = "from silver.events where event_id not in "
        + "(select messageId from bronze.web_events where _source_file" + FROM_CORPUS + ")";
    assertThat(count("select count(*) " + generatedEvents)).isEqualTo(unique);
    assertThat(count("select count(distinct event_id) " + generatedEvents)).isEqualTo(unique);
    assertThat(count("select count(*) from silver.events where occurred_at is null")).isZero();
    assertThat(count("select count(*) from silver.orders where order_id not like 'FO-%'")).isEqualTo(
        count("select count(*) from truth_records where source = 'orders'"));
    long contacts = count("select count(*) from truth_records where source = 'crm_contacts'");
    long deleted = count("select count(distinct crm_id) from bronze.crm_contacts where is_deleted");
    assertThat(deleted).isPositive();
    assertThat(count("select count(distinct contact_id) from silver.contacts")).isEqualTo(contacts);
    assertThat(count("select count(*) from silver.contacts where is_current")).isEqualTo(contacts - deleted);
    assertThat(count("select count(*) from silver.contacts where is_deleted and (is_current or valid_to is not null)"))
        .isZero();
    assertThat(count("select count(*) from silver.contacts where is_current and valid_to is not null")).isZero();
  }

  @Test
  @Order(3)
  void identitiesMatchTheGroundTruth() {
    // bin/c360 evaluate-identity against the generator's answer key. Identifiers never seen with
    // another identifier (a device that never logged in) cannot be linked by any method: recall is
    // held to its target over the others.
    List<String> args = new java.util.ArrayList<>(copyArgs);
    args.add(0, "evaluate-identity");
    args.addAll(List.of("--truth", reference.generated().resolve("ground_truth").toString()));
    TestLakehouses.CliRun evaluation = TestLakehouses.cli(args);
    assertThat(evaluation.exit()).as(evaluation.stdout()).isZero();
    System.out.print(evaluation.stdout());
    assertThat(figure(evaluation.stdout(), "pairwise precision")).isGreaterThanOrEqualTo(0.999);
    assertThat(figure(evaluation.stdout(), "recall, linkable ids")).isGreaterThanOrEqualTo(0.99);
    assertThat(evaluation.stdout()).containsPattern("shared identifiers +[1-9][0-9]* refused as shared");
    // Junk values never become identifiers; shared kiosk ids are found and link nobody.
    assertThat(count("select count(*) from gold.identity_map where id_value in "
        + "(select lower(id_value) from truth_junk where kind = 'junk')")).isZero();
    // A kiosk id seen with two or more user ids is reported as shared and is in no customer.
    assertThat(count("""
        select count(*) from truth_junk as junk
        where junk.kind = 'shared'
          and (select count(distinct to_id_value) from silver.identity_edges as e
               where e.from_id_value = junk.id_value and e.to_id_type = 'user_id')
            + (select count(distinct from_id_value) from silver.identity_edges as e
               where e.to_id_value = junk.id_value and e.from_id_type = 'user_id') >= 2
          and (junk.id_value not in (select id_value from gold.shared_identifiers)
               or junk.id_value in (select id_value from gold.identity_map))
        """)).isZero();
    assertThat(count("select count(*) from gold.shared_identifiers")).isPositive();
    assertThat(count("select count(*) from gold.identity_map group by id_type, id_value having count(*) > 1 "
        + "union all select 0")).isZero();
  }

  @Test
  @Order(4)
  void revenueReconcilesWithOrdersAndTheLandingFiles() {
    assertThat(count("select count(*) from gold.customer_360")).isEqualTo(
        count("select count(distinct customer_id) from gold.identity_map"));
    assertThat(count("""
        select count(*) from gold.customer_360 as c
        left join (select customer_id, sum(revenue) as revenue from gold.customer_orders group by customer_id) as o
            using (customer_id)
        where c.revenue <> coalesce(o.revenue, 0)
        """)).isZero();
    // Recomputed independently from the landed files: each order's latest state among its export
    // and its change events (by commit time, then log position), completed and not deleted ones only.
    spark.read().option("header", "true").csv(reference.landing().resolve("orders/orders-*.csv").toString())
        .createOrReplaceTempView("landed_orders");
    spark.read().json(reference.landing().resolve("order_changes").toString()).createOrReplaceTempView("landed_changes");
    BigDecimal expected = spark.sql("""
        with states as (
            select order_id, status, currency, total_amount, false as deleted,
                cast(updated_at as timestamp) as at, -1L as lsn
            from landed_orders
            union all
            select coalesce(after.order_id, before.order_id), coalesce(after.status, before.status),
                coalesce(after.currency, before.currency), coalesce(after.total_amount, before.total_amount),
                op = 'd', timestamp_millis(source.ts_ms), source.lsn
            from landed_changes
        ),
        landed as (
            select *, row_number() over (partition by order_id order by at desc, lsn desc) as recency
            from states
        )
        select cast(sum(round(cast(total_amount as decimal(18, 2)) * rate_to_reporting, 2)) as decimal(28, 2))
        from landed
        inner join fx_rates using (currency)
        where recency = 1 and status = 'completed' and not deleted
        """).first().getDecimal(0);
    assertThat(count("select count(*) from landed_changes where op = 'd'")).isPositive();
    assertThat(count("select count(*) from silver.orders where is_deleted")).isEqualTo(
        count("select count(distinct before.order_id) from landed_changes where op = 'd'"));
    BigDecimal attributed = spark.sql("select sum(revenue) from gold.customer_orders where order_id not like 'FO-%'")
        .first().getDecimal(0);
    assertThat(attributed).isEqualByComparingTo(expected);
    // Each customer's orders were placed by one true person.
    assertThat(count("""
        select count(*) from (
            select o.customer_id
            from gold.customer_orders as o
            inner join truth_records as t on t.source = 'orders' and t.record_key = o.order_id
            where o.customer_id is not null
            group by o.customer_id
            having count(distinct t.person_id) > 1
        )""")).isZero();
  }

  @Test
  @Order(5)
  void runsAreRecordedInOps() {
    Row run = spark.sql("select status, steps, steps_failed from ops.job_runs").first();
    assertThat(run.getString(0)).isEqualTo("succeeded");
    assertThat(run.getInt(1)).isEqualTo(STEPS);
    assertThat(count("select count(*) from ops.step_runs where status = 'succeeded'")).isEqualTo(2 * STEPS);
    assertThat(firstConsole).contains("[1/" + STEPS + "] ingest_web_events")
        .contains("[" + STEPS + "/" + STEPS + "] activate_vip_newsletter_file")
        .contains("succeeded in");
    assertThat(secondConsole).contains("succeeded in");
    // The second run merged only the new days' batches into the incremental models.
    assertThat(count("select count(*) from ops.model_runs where model = 'silver.events' and not is_full_refresh "
        + "and since_batch_id > 0")).isEqualTo(1);
    assertThat(count("select count(*) from ops.quality_results where check_type = 'uniqueness' and rows_failing > 0"))
        .isZero();
    // The second run computed gold's customer tables only for the customers the new days touched.
    for (String model : List.of("gold.customer_attributes", "gold.customer_daily_activity", "gold.customer_360")) {
      assertThat(count("select count(*) from ops.model_runs where model = '" + model + "' and not is_full_refresh "
          + "and strategy = 'customers'")).as(model).isEqualTo(1);
    }
    // Each step's figures say which path it took: the first run built the table for everyone, the second
    // merged the customers the new days touched.
    List<Row> attributes = spark.sql("select figures['rebuilt'], figures['customers_computed'] from ops.step_runs "
        + "where step = 'gold_customer_attributes' order by started_at").collectAsList();
    assertThat(attributes).hasSize(2);
    assertThat(attributes.get(0).getLong(0)).isEqualTo(1L);
    assertThat(attributes.get(1).getLong(0)).isZero();
    assertThat(attributes.get(1).getLong(1)).isPositive()
        .isLessThanOrEqualTo(count("select count(distinct customer_id) from gold.identity_map"));
    // Rejected identifiers are told per source, type and why, and add up to the step's rejected rows.
    for (Row step : spark.sql("select rows_rejected, figures from ops.step_runs where step = 'silver_identifiers'")
        .collectAsList()) {
      Map<String, Long> rejected = new java.util.TreeMap<>(step.<String, Long>getJavaMap(1));
      rejected.keySet().removeIf(k -> !k.startsWith("rejected."));
      assertThat(rejected.values().stream().mapToLong(Long::longValue).sum()).as(rejected.toString())
          .isEqualTo(step.getLong(0));
      assertThat(rejected.keySet()).allMatch(k -> k.matches("rejected\\.[a-z_]+\\.[a-z_]+\\.(invalid|blocklisted)"));
    }
    assertThat(count("select max(rows_rejected) from ops.step_runs where step = 'silver_identifiers'")).isPositive();
    // A job writes its own records once, at its end: one commit per ops table per run.
    for (String table : List.of("ops.step_runs", "ops.job_runs")) {
      assertThat(io.delta.tables.DeltaTable.forName(spark, table).history().count()).as(table).isEqualTo(2);
    }
  }

  @Test
  @Order(6)
  void aFullRefreshGivesTheSameSilverTablesAndCustomersAsTheIncrementalRuns() {
    List<String> models = List.of("silver.events", "silver.contacts", "silver.orders", "silver.order_items",
        "silver.email_engagement", "silver.consent", "silver.identifiers", "silver.identity_edges",
        "gold.identity_map", "gold.customer_orders", "gold.customer_attributes", "gold.customer_daily_activity",
        "gold.customer_360");
    Path refreshed = reference.fullRefresh();
    assertThat(reference.console("full-refresh")).contains("succeeded in");
    for (String model : models) {
      Dataset<Row> before = TestLakehouses.comparable(spark.table(model));
      Dataset<Row> after = TestLakehouses.comparable(ReferenceLakehouse.table(refreshed, model));
      assertThat(before.count()).as(model).isPositive();
      assertThat(after.exceptAll(before).count()).as(model).isZero();
      assertThat(before.exceptAll(after).count()).as(model).isZero();
    }
    List<String> refusal = List.of("from_id_type", "from_id_value", "to_id_type", "to_id_value", "rule", "detail");
    Dataset<Row> refusalsBefore = spark.table("gold.identity_refusals").selectExpr(refusal.toArray(String[]::new));
    Dataset<Row> refusalsAfter = ReferenceLakehouse.table(refreshed, "gold.identity_refusals")
        .selectExpr(refusal.toArray(String[]::new));
    assertThat(refusalsAfter.exceptAll(refusalsBefore).count()).isZero();
    assertThat(refusalsBefore.exceptAll(refusalsAfter).count()).isZero();
  }

  @Test
  @Order(10)
  void goldColumnsSayWhatTheyMeanAndARunThatChangesNoneCommitsNone() {
    Map<String, String> yaml = io.c360.config.Models.onClasspath().columnComments("gold/customer_360");
    Map<String, String> described = new java.util.LinkedHashMap<>();
    for (Row r : spark.sql("describe gold.customer_360").collectAsList()) {
      if (r.getString(0).isBlank() || r.getString(0).startsWith("#")) {
        break; // partitioning and details follow
      }
      described.put(r.getString(0), r.getString(2));
    }
    assertThat(described).isEqualTo(yaml);
    assertThat(described.get("consents")).startsWith("current decision per purpose:channel");

    Path again = reference.rerun();
    Row step = ReferenceLakehouse.table(again, "ops.step_runs").where("step = 'gold_customer_360'")
        .orderBy(org.apache.spark.sql.functions.col("started_at").desc()).first();
    assertThat(step.<String>getAs("status")).isEqualTo("succeeded");
    assertThat(step.<scala.collection.Map<String, Long>>getAs("figures").contains("column_comments_set")).isFalse();
  }

  @Test
  @Order(7)
  void runningAgainOnTheSameLandingDataChangesNothing() {
    List<String> tables = List.of("bronze.web_events", "bronze.crm_contacts", "bronze.orders", "ops.quarantine",
        "silver.events", "silver.contacts", "silver.identifiers", "silver.identity_edges", "gold.identity_map",
        "gold.customer_orders");
    Path again = reference.rerun();
    Dataset<Row> before360 = TestLakehouses.comparable(spark.table("gold.customer_360"));
    long[] before = tables.stream().mapToLong(t -> spark.table(t).count()).toArray();
    String identityBefore = fingerprint(spark.table("gold.identity_map"));
    // The days that landed second link some customers of the first run: those merges are recorded.
    long mergesBefore = count("select count(*) from gold.identity_merges");
    assertThat(mergesBefore).isPositive();
    Dataset<Row> membershipBefore = spark.table("gold.segment_membership");
    assertThat(membershipBefore.count()).isPositive();

    String console = reference.console("rerun");

    assertThat(console).contains("[1/" + STEPS + "] ingest_web_events").contains("read 0, wrote 0");
    long[] after = tables.stream().mapToLong(t -> ReferenceLakehouse.table(again, t).count()).toArray();
    assertThat(after).as(tables.toString()).containsExactly(before);
    assertThat(fingerprint(ReferenceLakehouse.table(again, "gold.identity_map"))).isEqualTo(identityBefore);
    Dataset<Row> after360 = TestLakehouses.comparable(ReferenceLakehouse.table(again, "gold.customer_360"));
    assertThat(after360.exceptAll(before360).count()).isZero();
    assertThat(before360.exceptAll(after360).count()).isZero();
    assertThat(ReferenceLakehouse.table(again, "gold.identity_merges").count()).isEqualTo(mergesBefore);
    // Segment history: nobody entered or left.
    assertThat(ReferenceLakehouse.table(again, "gold.segment_membership").exceptAll(membershipBefore).count()).isZero();
    assertThat(ReferenceLakehouse.table(again, "ops.job_runs").count()).isEqualTo(3);
  }

  @Test
  @Order(8)
  void anErasureDryRunListsThePersonsIdentifiersAndTheRowsPerTableAndDeletesNothing() {
    Row person = spark.sql("""
        select customer_id, min(id_value) as email from gold.identity_map
        where id_type = 'email' and customer_id in (
            select customer_id from gold.identity_map group by customer_id
            having count(distinct id_type) >= 3 and bool_or(id_type = 'anonymous_id'))
        group by customer_id order by customer_id limit 1""").first();
    String customer = person.getString(0);
    long rows = count("select count(*) from gold.identity_map where customer_id = '" + customer + "'");
    // An identifier attached only as shared (rule shared:...) is not the person's alone.
    long identifiers = count("select count(*) from gold.identity_map where customer_id = '" + customer
        + "' and coalesce(rule, '') not like 'shared%'");
    long observations = count("select count(*) from silver.identifiers i join gold.identity_map m "
        + "using (id_type, id_value) where m.customer_id = '" + customer + "' and coalesce(m.rule, '') not like 'shared%'");
    long events = count("select count(*) from bronze.web_events");
    long customerIds = 1 + count("select count(*) from gold.customer_aliases where customer_id = '" + customer + "'");
    List<String> args = new java.util.ArrayList<>(List.of("erase", "--dry-run", "--id", "email:" + person.getString(1)));
    args.addAll(copyArgs);
    TestLakehouses.CliRun plan = TestLakehouses.cli(args);
    assertThat(plan.exit()).as(plan.stdout()).isZero();
    assertThat(plan.stdout()).contains("subject: 1 identifier requested, " + identifiers + " in all, " + customerIds
            + " customer id" + (customerIds == 1 ? "" : "s") + "\n")
        .contains(person.getString(1) + "   (requested)").contains("customer_id   " + customer)
        .containsPattern("gold\\.identity_map +" + rows + "\n")
        .containsPattern("gold\\.customer_360 +1\n")
        .containsPattern("silver\\.identifiers +" + String.format(java.util.Locale.ROOT, "%,d", observations) + "\n")
        .containsPattern("bronze\\.web_events +[1-9]")
        .endsWith("dry run: nothing was deleted\n");
    assertThat(count("select count(*) from bronze.web_events")).isEqualTo(events);

    // A value written as SQL would be is only a value: it matches nothing.
    args.set(3, "user_id:x' OR '1'='1");
    TestLakehouses.CliRun injected = TestLakehouses.cli(args);
    assertThat(injected.exit()).as(injected.stdout()).isZero();
    assertThat(injected.stdout()).contains("subject: 1 identifier requested, 1 in all, 0 customer ids\n")
        .containsPattern("total +0\n");
  }

  /** The number after a label in a report line such as "pairwise precision        0.9990 (...)". */
  private static double figure(String report, String label) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + java.util.regex.Pattern.quote(label)
        + " +([0-9.]+)").matcher(report);
    assertThat(m.find()).as(label + " in " + report).isTrue();
    return Double.parseDouble(m.group(1));
  }

  private static String fingerprint(Dataset<Row> identityMap) {
    return identityMap.selectExpr("sum(cast(xxhash64(id_type, id_value, customer_id) as decimal(38, 0)))").first()
        .get(0).toString();
  }

}
