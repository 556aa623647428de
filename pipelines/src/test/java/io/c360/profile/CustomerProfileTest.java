package io.c360.profile;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.c360.config.ActivationConfig;
import io.c360.config.ProfileRules;
import io.c360.config.Project;
import io.c360.config.SegmentDefinition;
import io.c360.config.SurvivorshipRule;
import io.c360.config.TableName;
import io.c360.job.RunContext;
import io.c360.lake.Lakehouse;
import io.c360.model.ModelStep;
import io.c360.testing.ReferenceLakehouse;
import io.c360.testing.TestLakehouses;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gold on a copy of the reference lakehouse (a generated sample run through the daily job in two
 * halves): customer_360's figures recomputed here from
 * silver rows, Delta and Iceberg output equal, survivorship between conflicting sources, segment
 * history across runs with consent exclusion, and activations to files and PostgreSQL run twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CustomerProfileTest {
  private static final String AS_OF = ReferenceLakehouse.AS_OF;
  private static final List<String> GOLD = List.of("gold/customer_orders", "gold/customer_attributes",
      "gold/customer_daily_activity", "gold/customer_360");

  @TempDir
  static Path dir;

  private Project project;
  private Lakehouse lake;
  private SparkSession spark;
  private String catalog;
  private ReferenceLakehouse reference;
  private EmbeddedPostgres postgres;

  @BeforeAll
  void copyTheReference() throws Exception {
    reference = ReferenceLakehouse.get();
    reference.copy(dir);
    catalog = TestLakehouses.newCatalog();
    project = Project.load(TestLakehouses.conf());
    reopen();
    postgres = EmbeddedPostgres.builder().start();
  }

  private void reopen() {
    lake = TestLakehouses.open(reference.landing(), dir.resolve("lake"), catalog, ReferenceLakehouse.sets());
    spark = lake.spark();
  }

  @AfterAll
  void stopPostgres() throws Exception {
    postgres.close();
  }

  private long count(String sql) {
    return spark.sql(sql).first().getLong(0);
  }

  /** Each row with its customer ({@code customer}): by user id when the rows have one, else by another identifier. */
  private Dataset<Row> attributed(Dataset<Row> rows, String otherType, String otherColumn) {
    Dataset<Row> ids = lake.read(TableName.of("gold", "identity_map"));
    Dataset<Row> byUser = ids.where(col("id_type").equalTo("user_id"))
        .select(col("id_value").as("by_user_value"), col("customer_id").as("by_user"));
    Dataset<Row> byOther = ids.where(col("id_type").equalTo(otherType))
        .select(col("id_value").as("by_other_value"), col("customer_id").as("by_other"));
    Dataset<Row> r = rows;
    if (List.of(rows.columns()).contains("user_id")) {
      r = r.join(byUser, r.col("user_id").equalTo(byUser.col("by_user_value")), "left");
    } else {
      r = r.withColumn("by_user", lit(null).cast("string"));
    }
    r = r.join(byOther, r.col(otherColumn).equalTo(byOther.col("by_other_value")), "left");
    return r.withColumn("customer", coalesce(col("by_user"), col("by_other"))).where(col("customer").isNotNull());
  }

  private static void same(Dataset<Row> expected, Dataset<Row> actual, String what) {
    assertThat(expected.count()).as(what + " rows").isPositive();
    sameOrBothEmpty(expected, actual, what);
  }

  private static void sameOrBothEmpty(Dataset<Row> expected, Dataset<Row> actual, String what) {
    expected = comparable(expected);
    actual = comparable(actual);
    assertThat(expected.exceptAll(actual).count()).as(what + ": expected rows missing").isZero();
    assertThat(actual.exceptAll(expected).count()).as(what + ": unexpected rows").isZero();
  }

  /** Maps as sorted arrays of entries: set operations cannot compare maps. */
  private static Dataset<Row> comparable(Dataset<Row> rows) {
    for (var f : rows.schema().fields()) {
      if (f.dataType() instanceof org.apache.spark.sql.types.MapType) {
        rows = rows.withColumn(f.name(), expr("array_sort(map_entries(" + f.name() + "))"));
      }
    }
    return rows;
  }

  private ModelStep gold(Lakehouse on, String model, ProfileRules rules) {
    return new ModelStep(on, project.models(), model, project.identity().email(), project.sources().values(),
        rules.toString());
  }

  @Test
  @Order(1)
  void customer360FiguresEqualTheSilverRowsCountedHere() {
    Dataset<Row> c360 = lake.read(TableName.of("gold", "customer_360"));
    // Orders: not deleted; counted unless cancelled or refunded; revenue in the reporting currency, a
    // refund netting its sale to 0; days since the last counted order up to the as-of day.
    Dataset<Row> orders = attributed(lake.read(TableName.of("silver", "orders")).where("not is_deleted"),
        "email", "email").join(spark.table("fx_rates"), "currency");
    Dataset<Row> perCustomer = orders.groupBy("customer").agg(
        expr("count_if(status not in ('cancelled', 'refunded')) as order_count"),
        expr("cast(sum(case when status in ('cancelled', 'refunded') then 0 "
            + "else round(total_amount * rate_to_reporting, 2) end) as decimal(28, 2)) as revenue"),
        expr("datediff(date'" + AS_OF + "', to_date(max(case when status not in ('cancelled', 'refunded') "
            + "and to_date(ordered_at) <= date'" + AS_OF + "' then ordered_at end))) as days"));
    same(perCustomer.where("order_count > 0"), c360.where("order_count > 0")
        .selectExpr("customer_id", "order_count", "revenue", "days_since_last_order"), "orders per customer");
    assertThat(count("select count(*) from gold.customer_360 c left join (select customer_id, sum(revenue) r "
        + "from gold.customer_orders group by customer_id) o using (customer_id) where c.revenue <> coalesce(o.r, 0)"))
        .isZero();
    assertThat(count("select count(*) from gold.customer_orders where is_refund and revenue >= 0")).isZero();
    // E-mail engagement by the customer's addresses.
    Dataset<Row> email = attributed(lake.read(TableName.of("silver", "email_engagement")), "email", "email")
        .groupBy("customer").agg(expr("count_if(event_type = 'send') as sends"),
            expr("count_if(event_type = 'open') as opens"), expr("count_if(event_type = 'click') as clicks"));
    same(email, c360.where("email_sends + email_opens + email_clicks > 0")
        .selectExpr("customer_id", "email_sends", "email_opens", "email_clicks"), "e-mail engagement");
    // Page views in the 90 days up to the as-of day, by user id, else anonymous id.
    Dataset<Row> views = attributed(lake.read(TableName.of("silver", "events"))
            .where("event_type in ('page', 'screen') and to_date(occurred_at) > date'" + AS_OF + "' - 90 "
                + "and to_date(occurred_at) <= date'" + AS_OF + "'"), "anonymous_id", "anonymous_id")
        .groupBy("customer").count();
    same(views, c360.where("page_views_90d > 0").selectExpr("customer_id", "cast(page_views_90d as long)"),
        "page views");
    // Top category: the most revenue (reporting currency) over the customer's counted orders' lines.
    Dataset<Row> lines = lake.read(TableName.of("silver", "order_items")).join(spark.table("fx_rates"), "currency")
        .join(lake.read(TableName.of("gold", "customer_orders"))
            .where("not is_refund and status not in ('cancelled', 'refunded') and customer_id is not null")
            .select("order_id", "customer_id"), "order_id")
        .groupBy("customer_id", "category").agg(expr("sum(line_amount * rate_to_reporting) as revenue"));
    Dataset<Row> top = lines.withColumn("rank", expr("row_number() over (partition by customer_id "
        + "order by revenue desc, category)")).where("rank = 1").select("customer_id", "category");
    same(top, c360.where("size(top_categories) > 0").selectExpr("customer_id", "top_categories[0]"), "top category");
    assertThat(count("select count(*) from gold.customer_360 where email_sends > 0 "
        + "and email_open_rate <> round(email_opens / email_sends, 4)")).isZero();
    // Stages follow the rules from the figures.
    assertThat(count("select count(*) from gold.customer_360 where lifecycle_stage = 'anonymous' and is_known"))
        .isZero();
    assertThat(count("select count(*) from gold.customer_360 where order_count = 0 and is_known "
        + "and lifecycle_stage <> 'lead'")).isZero();
    assertThat(count("select count(*) from gold.customer_360 where order_count > 0 and recency_score is null"))
        .isZero();
    assertThat(count("select count(*) from gold.customer_360 where days_since_last_order > 45 "
        + "and lifecycle_stage not in ('at_risk', 'lapsed')")).isZero();
  }

  @Test
  @Order(1)
  void theMaskedViewShowsNoCompleteEmailAddressOrPhoneNumber() {
    assertThat(count("select count(*) from gold.customer_360_masked")).isEqualTo(count("select count(*) from gold.customer_360"));
    // No value of any column of the view is a whole identifier, an e-mail address or phone number.
    Dataset<Row> masked = spark.table("gold.customer_360_masked");
    Dataset<Row> values = null;
    for (var f : masked.schema().fields()) {
      Dataset<Row> v = masked.selectExpr(f.dataType() instanceof org.apache.spark.sql.types.ArrayType
          ? "explode(transform(" + f.name() + ", x -> cast(x as string))) as value" : "cast(" + f.name() + " as string) as value");
      values = values == null ? v : values.union(v);
    }
    values.createOrReplaceTempView("masked_values");
    assertThat(count("select count(*) from masked_values join gold.identity_map on value = id_value "
        + "where id_type in ('email', 'phone')")).isZero();
    assertThat(count("select count(*) from masked_values where value rlike '^[^*@]{2,}@'")).isZero();
    assertThat(count("select count(*) from gold.customer_360_masked where email is not null "
        + "and email not rlike '^(.[*]{3}@.+|[*]{3})$'")).isZero();
    assertThat(count("select count(*) from gold.customer_360_masked where phone is not null "
        + "and phone not rlike '^[*]{3}[0-9]{0,2}$'")).isZero();
    assertThat(count("select count(*) from gold.customer_360_masked where email is not null")).isPositive();
    assertThat(spark.table("gold.customer_360_masked").columns()).contains("birth_year", "first_initial")
        .doesNotContain("birth_date", "first_name", "street", "postal_code", "user_ids", "crm_ids");
  }

  /** Gold tables and the columns that name a customer or a time of writing, which differ between two lakehouses. */
  private static final Map<String, List<String>> GOLD_TABLES = new java.util.LinkedHashMap<>();

  static {
    GOLD_TABLES.put("gold.identity_map", List.of("linked_at", "component_id"));
    GOLD_TABLES.put("gold.identity_refusals", List.of());
    GOLD_TABLES.put("gold.shared_identifiers", List.of("detected_at", "attached_to"));
    GOLD_TABLES.put("gold.customer_orders", List.of());
    GOLD_TABLES.put("gold.customer_attributes", List.of());
    GOLD_TABLES.put("gold.customer_daily_activity", List.of());
    GOLD_TABLES.put("gold.customer_360", List.of());
    GOLD_TABLES.put("gold.segments", List.of("refreshed_at", "run_id"));
  }

  /**
   * A gold table comparable across lakehouses: each customer id replaced by the customer's smallest
   * identifier (ids are minted per lakehouse), columns written with the time of writing dropped.
   */
  private static Dataset<Row> anchored(SparkSession on, String table) {
    Dataset<Row> anchors = on.table("gold.identity_map")
        .groupBy("customer_id").agg(expr("min(concat(id_type, ':', id_value)) as customer_anchor"));
    Dataset<Row> rows = on.table(table).drop(GOLD_TABLES.getOrDefault(table, List.of()).toArray(String[]::new));
    if (List.of(rows.columns()).contains("customer_id")) {
      rows = rows.join(anchors, new String[] {"customer_id"}, "left").drop("customer_id");
    }
    return comparable(rows);
  }

  @Test
  @Order(2)
  void deltaAndIcebergGoldTablesAreEqual() throws Exception {
    Map<String, Dataset<Row>> delta = new HashMap<>();
    for (String t : GOLD_TABLES.keySet()) {
      delta.put(t, anchored(spark, t).localCheckpoint(true));
    }
    Dataset<Row> deltaMembers = anchored(spark, "gold.segment_membership").where("exited_at is null")
        .select("segment", "customer_anchor").localCheckpoint(true);
    // The same bronze and silver; every gold table written again, as Iceberg.
    Path copy = dir.resolve("lake_iceberg");
    copyTree(dir.resolve("lake"), copy);
    deleteTree(copy.resolve("gold"));
    List<String> sets = new ArrayList<>(ReferenceLakehouse.sets());
    for (String t : List.of("identity_map", "identity_merges", "shared_identifiers", "identity_refusals",
        "customer_aliases", "customer_orders", "customer_attributes", "customer_daily_activity", "customer_360",
        "segment_membership", "segments")) {
      sets.add("tables.formats.gold." + t + "=iceberg");
    }
    Lakehouse iceberg = TestLakehouses.open(reference.landing(), copy, TestLakehouses.newCatalog(), sets);
    try {
      RunContext run = new RunContext("iceberg-run", 1, Instant.now(), true);
      new io.c360.identity.IdentityStep(iceberg, project.identity()).apply(run);
      for (String model : GOLD) {
        gold(iceberg, model, project.profile()).apply(run);
      }
      io.c360.model.Views.register(iceberg, project.models());
      new SegmentStep(iceberg, project.profile()).apply(run);
      assertThat(Files.isDirectory(copy.resolve("_iceberg/gold/customer_360/metadata"))).isTrue();
      assertThat(Files.isDirectory(copy.resolve("_iceberg/gold/identity_map/metadata"))).isTrue();
      assertThat(Files.exists(copy.resolve("gold"))).isFalse();
      for (String t : GOLD_TABLES.keySet()) {
        // A small sample may have no refusals or shared identifiers; the rest must have rows.
        if (t.equals("gold.identity_refusals") || t.equals("gold.shared_identifiers")) {
          sameOrBothEmpty(delta.get(t), anchored(iceberg.spark(), t), t + " Delta vs Iceberg");
        } else {
          same(delta.get(t), anchored(iceberg.spark(), t), t + " Delta vs Iceberg");
        }
      }
      same(deltaMembers, anchored(iceberg.spark(), "gold.segment_membership").where("exited_at is null")
          .select("segment", "customer_anchor"), "segment members Delta vs Iceberg");
      assertThat(iceberg.spark().table("gold.customer_360_masked").count()).isEqualTo(delta.get("gold.customer_360").count());
    } finally {
      reopen();
    }
  }

  @Test
  @Order(3)
  void survivorshipPrefersTheCrmNameOverANewerWebNameUnlessTheRuleSaysMostRecent() throws Exception {
    // A customer with one CRM contact, picked by its (seeded) CRM id: customer ids are minted per
    // lakehouse, so picking by them chose a different customer each run, sometimes one whose second
    // CRM contact outranked the changed one.
    Row pick = spark.sql("""
        select crm.customer_id, crm.id_value as crm_id, anon.id_value as anonymous_id
        from gold.identity_map crm
        join gold.identity_map anon on anon.customer_id = crm.customer_id and anon.id_type = 'anonymous_id'
        join silver.contacts c on c.contact_id = crm.id_value and c.is_current and not c.is_deleted
        where crm.id_type = 'crm_id'
          and crm.customer_id in (select customer_id from gold.identity_map where id_type = 'crm_id'
                                  group by customer_id having count(*) = 1)
        order by crm.id_value, anon.id_value limit 1""").first();
    String customer = pick.getString(0);
    io.delta.tables.DeltaTable.forPath(spark, lake.location(TableName.of("silver", "contacts"))).update(
        col("contact_id").equalTo(pick.getString(1)).and(col("is_current")),
        Map.of("first_name", lit("Corinna"), "ingested_at", org.apache.spark.sql.functions.current_timestamp()));
    // The web says otherwise, later than anything else the sources said.
    Dataset<Row> event = lake.read(TableName.of("silver", "events"))
        .where(col("anonymous_id").equalTo(pick.getString(2))).limit(1)
        .withColumn("event_id", lit("survivorship-test"))
        .withColumn("user_id", lit(null).cast("string"))
        .withColumn("first_name", lit("Wendelin"))
        .withColumn("ingested_at", org.apache.spark.sql.functions.current_timestamp())
        .withColumn("occurred_at", lit(java.sql.Timestamp.from(Instant.parse("2026-11-01T00:00:00Z"))));
    lake.append(TableName.of("silver", "events"), event);

    RunContext run = new RunContext("survivorship", 1, Instant.now());
    gold(lake, "gold/customer_attributes", project.profile()).apply(run);
    Row name = firstName(customer);
    assertThat(name.getString(0)).isEqualTo("Corinna");
    assertThat(name.getString(1)).isEqualTo("crm_contacts");
    assertThat(name.getString(2)).isEqualTo("source-priority");
    assertThat(name.getInt(3)).isGreaterThanOrEqualTo(2); // at least the two names competed

    Map<String, SurvivorshipRule> rules = new HashMap<>(project.profile().survivorship());
    rules.put("first_name", new SurvivorshipRule("first_name", SurvivorshipRule.Policy.MOST_RECENT, List.of()));
    ProfileRules mostRecent = new ProfileRules(rules, project.profile().rfm(), project.profile().lifecycle(),
        project.profile().segments(), project.profile().activations());
    ProfileFunctions.register(spark, mostRecent);
    try {
      gold(lake, "gold/customer_attributes", mostRecent).apply(run);
      name = firstName(customer);
      assertThat(name.getString(0)).isEqualTo("Wendelin");
      assertThat(name.getString(1)).isEqualTo("web_events");
      assertThat(name.getString(2)).isEqualTo("most-recent");
    } finally {
      ProfileFunctions.register(spark, project.profile());
      gold(lake, "gold/customer_attributes", project.profile()).apply(run);
    }
    gold(lake, "gold/customer_360", project.profile()).apply(run);
    assertThat(spark.table("gold.customer_360").where(col("customer_id").equalTo(customer)).first()
        .<String>getAs("first_name")).isEqualTo("Corinna");
  }

  @Test
  @Order(3)
  void consentIsGrantedOnlyWhenEveryIdentifierOfTheCustomerGrantsIt() throws Exception {
    Row pick = spark.sql("""
        select e.customer_id, e.id_value as email, p.id_value as phone
        from gold.identity_map e
        join gold.identity_map p on p.customer_id = e.customer_id and p.id_type = 'phone'
        where e.id_type = 'email'
        order by e.customer_id limit 1""").first();
    String customer = pick.getString(0);
    TableName consent = TableName.of("silver", "consent");
    io.delta.tables.DeltaTable.forPath(spark, lake.location(consent)).delete(
        col("id_value").isin(pick.getString(1), pick.getString(2)));
    Row template = lake.read(consent).first();
    // A grant with the e-mail address today, an earlier withdrawal with the phone: not granted.
    append(template, "t1", "email", pick.getString(1), "email", true, "2026-10-05T10:00:00Z");
    append(template, "t2", "phone", pick.getString(2), "email", false, "2026-10-04T10:00:00Z");
    RunContext run = new RunContext("consent", 1, Instant.now());
    gold(lake, "gold/customer_360", project.profile()).apply(run);
    assertThat(consents(customer)).containsEntry("marketing:email", false);

    // The phone grants it too: granted. A withdrawal for every channel (no channel) still keeps the
    // customer out of a segment that needs marketing by e-mail.
    append(template, "t3", "phone", pick.getString(2), "email", true, "2026-10-05T11:00:00Z");
    io.delta.tables.DeltaTable.forPath(spark, lake.location(consent)).update(
        col("consent_id").equalTo("t2"), Map.of("is_current", lit(false)));
    append(template, "t4", "email", pick.getString(1), null, false, "2026-10-05T12:00:00Z");
    gold(lake, "gold/customer_360", project.profile()).apply(new RunContext("consent-2", 2, Instant.now()));
    assertThat(consents(customer)).containsEntry("marketing:email", true).containsEntry("marketing:*", false);
    SegmentDefinition needsEmail = new SegmentDefinition("s", "", "true",
        Optional.of(new SegmentDefinition.Consent("marketing", "email")));
    assertThat(SegmentStep.members(spark.table("gold.customer_360"), needsEmail)
        .where(col("customer_id").equalTo(customer)).count()).isZero();
    // Nor does a segment hold anyone who has no decision at all.
    assertThat(SegmentStep.members(spark.table("gold.customer_360").where("size(consents) = 0"), needsEmail).count())
        .isZero();
  }

  private void append(Row template, String id, String idType, String idValue, String channel, boolean granted,
      String at) {
    Dataset<Row> row = spark.createDataFrame(List.of(template), template.schema())
        .withColumn("consent_id", lit(id)).withColumn("id_type", lit(idType)).withColumn("id_value", lit(idValue))
        .withColumn("purpose", lit("marketing")).withColumn("channel", lit(channel).cast("string"))
        .withColumn("is_granted", lit(granted))
        .withColumn("occurred_at", lit(java.sql.Timestamp.from(Instant.parse(at))))
        .withColumn("valid_to", lit(null).cast("timestamp")).withColumn("is_current", lit(true))
        .withColumn("ingested_at", org.apache.spark.sql.functions.current_timestamp());
    lake.append(TableName.of("silver", "consent"), row);
  }

  private Map<String, Boolean> consents(String customer) {
    return spark.table("gold.customer_360").where(col("customer_id").equalTo(customer)).first()
        .getJavaMap(spark.table("gold.customer_360").schema().fieldIndex("consents"));
  }

  private Row firstName(String customer) {
    return spark.table("gold.customer_attributes")
        .where(col("customer_id").equalTo(customer).and(col("attribute").equalTo("first_name")))
        .select("value", "source", "rule", "distinct_values").first();
  }

  /** The project's segments and two for this test: buyers who accept marketing e-mail, and known people. */
  private ProfileRules withTestSegments() {
    ProfileRules p = project.profile();
    List<SegmentDefinition> segments = new ArrayList<>(p.segments());
    segments.add(new SegmentDefinition("test_buyers", "", "order_count > 0",
        Optional.of(new SegmentDefinition.Consent("marketing", "email"))));
    segments.add(new SegmentDefinition("test_known", "", "is_known", Optional.empty()));
    return new ProfileRules(p.survivorship(), p.rfm(), p.lifecycle(), segments, p.activations());
  }

  private void setMarketingEmail(String customer, boolean granted) {
    io.delta.tables.DeltaTable.forPath(spark, lake.location(TableName.of("gold", "customer_360"))).update(
        col("customer_id").equalTo(customer),
        Map.of("consents", expr("map_concat(map_filter(consents, (k, v) -> k <> 'marketing:email'), "
            + "map('marketing:email', " + granted + "))")));
  }

  private List<Row> history(String customer) {
    return spark.table("gold.segment_membership")
        .where(col("segment").equalTo("test_buyers").and(col("customer_id").equalTo(customer)))
        .orderBy("entered_at").collectAsList();
  }

  private String openMember(String order) {
    return spark.sql("select customer_id from gold.segment_membership where segment = 'test_buyers' "
        + "and exited_at is null order by customer_id " + order + " limit 1").first().getString(0);
  }

  @Test
  @Order(4)
  void segmentsKeepHistoryAcrossRunsAndNeverHoldACustomerWithoutTheirConsent() throws Exception {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SegmentStep.members(spark.table("gold.customer_360"),
            new SegmentDefinition("typo", "", "order_cnt > 1", Optional.empty())))
        .hasMessageStartingWith("segment typo: where: ").hasMessageContaining("order_cnt")
        .hasMessageEndingWith("(conf/profile.yaml)");
    ProfileRules rules = withTestSegments();
    Instant t1 = Instant.parse("2026-10-06T06:00:00Z");
    new SegmentStep(lake, rules).apply(new RunContext("seg-1", 1, t1));
    // Buyers without a marketing e-mail grant exist, and no consent segment holds any of them.
    assertThat(count("select count(*) from gold.customer_360 where order_count > 0 "
        + "and not coalesce(consents['marketing:email'], false)")).isPositive();
    assertThat(count("""
        select count(*) from gold.segment_membership m
        join gold.segments s using (segment)
        join gold.customer_360 c using (customer_id)
        where m.exited_at is null and s.consent_purpose is not null
          and not coalesce(c.consents[concat(s.consent_purpose, ':', s.consent_channel)], false)""")).isZero();
    assertThat(count("select count(*) from gold.segment_membership where segment = 'test_buyers' and exited_at is null"))
        .isEqualTo(count("select count(*) from gold.customer_360 where order_count > 0 "
            + "and coalesce(consents['marketing:email'], consents['marketing:*'], false) "
            + "and coalesce(consents['marketing:*'], true)"));
    assertThat(count("select members from gold.segments where segment = 'test_known'"))
        .isEqualTo(count("select count(*) from gold.customer_360 where is_known"));

    String member = openMember("asc");
    setMarketingEmail(member, false);
    Instant t2 = t1.plusSeconds(86_400);
    new SegmentStep(lake, rules).apply(new RunContext("seg-2", 2, t2));
    List<Row> h = history(member);
    assertThat(h).hasSize(1);
    assertThat(h.get(0).<java.sql.Timestamp>getAs("exited_at").toInstant()).isEqualTo(t2);
    assertThat(h.get(0).<String>getAs("exited_run_id")).isEqualTo("seg-2");

    Dataset<Row> before = spark.table("gold.segment_membership").localCheckpoint(true);
    var unchanged = new SegmentStep(lake, rules).apply(new RunContext("seg-3", 3, t2.plusSeconds(3600)));
    assertThat(unchanged.figures()).containsEntry("entered", 0L).containsEntry("exited", 0L);
    same(before, spark.table("gold.segment_membership"), "membership after a run on unchanged data");

    setMarketingEmail(member, true);
    Instant t4 = t2.plusSeconds(86_400);
    new SegmentStep(lake, rules).apply(new RunContext("seg-4", 4, t4));
    h = history(member);
    assertThat(h).hasSize(2);
    assertThat(h.get(0).<java.sql.Timestamp>getAs("exited_at").toInstant()).isEqualTo(t2);
    assertThat(h.get(1).<java.sql.Timestamp>getAs("entered_at").toInstant()).isEqualTo(t4);
    assertThat(h.get(1).<Object>getAs("exited_at")).isNull();
  }

  @Test
  @Order(5)
  void activationsSendOnlyTheAllowedColumnsAndRunningTwiceChangesNothing() throws Exception {
    ProfileRules rules = withTestSegments();
    long members = count("select count(*) from gold.segment_membership where segment = 'test_buyers' "
        + "and exited_at is null");
    assertThat(members).isPositive();

    ActivationConfig file = new ActivationConfig("test_file", "test_buyers", ActivationConfig.Kind.FILE, "csv",
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        List.of("customer_id", "email", "first_name"));
    Path out = Path.of(lake.env().exports()).resolve("test_file");
    for (int i = 0; i < 2; i++) {
      new ActivationStep(lake, file).apply(new RunContext("act-file", 6, Instant.now()));
      Dataset<Row> csv = spark.read().option("header", "true").csv(out.toString());
      assertThat(csv.columns()).containsExactly("customer_id", "email", "first_name");
      assertThat(csv.count()).isEqualTo(members);
      try (var files = Files.list(out)) { // one file with a name a person expects, beside Spark's markers
        assertThat(files.map(f -> f.getFileName().toString()).filter(n -> !n.startsWith(".") && !n.startsWith("_")))
            .containsExactly("test_file.csv");
      }
    }
    ActivationConfig parquet = new ActivationConfig("test_parquet", "test_buyers", ActivationConfig.Kind.FILE,
        "parquet", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        List.of("customer_id", "revenue", "consents"));
    new ActivationStep(lake, parquet).apply(new RunContext("act-parquet", 6, Instant.now()));
    Dataset<Row> written = spark.read().parquet(Path.of(lake.env().exports()).resolve("test_parquet").toString());
    assertThat(written.columns()).containsExactly("customer_id", "revenue", "consents");
    assertThat(written.count()).isEqualTo(members);
    assertThat(Path.of(lake.env().exports()).resolve("test_parquet/test_parquet.parquet")).isRegularFile();
    assertThat(written.schema().apply("consents").dataType()).isEqualTo(org.apache.spark.sql.types.DataTypes.StringType);

    ActivationConfig db = new ActivationConfig("test_db", "test_buyers", ActivationConfig.Kind.JDBC, "",
        Optional.of("audience_test"), Optional.of("TEST_DB_URL"), Optional.of("TEST_DB_USER"), Optional.empty(),
        List.of("customer_id", "email", "lifecycle_stage", "revenue", "top_categories", "last_order_at"));
    String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
    Map<String, String> env = Map.of("TEST_DB_URL", url, "TEST_DB_USER", "postgres");
    var first = new ActivationStep(lake, db, env).apply(new RunContext("act-db-1", 7, Instant.now()));
    assertThat(first.figures()).containsEntry("inserted", members).containsEntry("updated", 0L)
        .containsEntry("deleted", 0L);
    var second = new ActivationStep(lake, db, env).apply(new RunContext("act-db-2", 8, Instant.now()));
    assertThat(second.figures()).containsEntry("inserted", 0L).containsEntry("updated", 0L)
        .containsEntry("deleted", 0L);
    assertThat(columns("audience_test")).containsExactly("customer_id", "email", "lifecycle_stage", "revenue",
        "top_categories", "last_order_at");
    Dataset<Row> table = spark.read().format("jdbc").option("url", url).option("user", "postgres")
        .option("dbtable", "audience_test").load()
        .selectExpr("customer_id", "email", "lifecycle_stage", "cast(revenue as decimal(28, 2)) as revenue");
    same(new ActivationStep(lake, db, env).audience().selectExpr("customer_id", "email", "lifecycle_stage",
        "cast(revenue as decimal(28, 2)) as revenue"), table, "activated table");

    // A customer who leaves the segment leaves the table; one whose figures changed is updated.
    String leaving = openMember("asc");
    String changed = openMember("desc");
    setMarketingEmail(leaving, false);
    io.delta.tables.DeltaTable.forPath(spark, lake.location(TableName.of("gold", "customer_360"))).update(
        col("customer_id").equalTo(changed), Map.of("lifecycle_stage", lit("lapsed_test")));
    new SegmentStep(lake, rules).apply(new RunContext("seg-6", 9, Instant.parse("2026-10-10T06:00:00Z")));
    var third = new ActivationStep(lake, db, env).apply(new RunContext("act-db-3", 10, Instant.now()));
    assertThat(third.figures()).containsEntry("inserted", 0L).containsEntry("updated", 1L)
        .containsEntry("deleted", 1L);
    // A destination table without a column the activation sends: a clear error, and the table is unchanged.
    try (Connection c = postgres.getPostgresDatabase().getConnection(); var st = c.createStatement()) {
      st.execute("create table audience_narrow (customer_id text primary key, email text)");
      st.execute("insert into audience_narrow values ('kept', 'kept@example.com')");
    }
    ActivationConfig narrow = new ActivationConfig("test_narrow", "test_buyers", ActivationConfig.Kind.JDBC, "",
        Optional.of("audience_narrow"), Optional.of("TEST_DB_URL"), Optional.of("TEST_DB_USER"), Optional.empty(),
        List.of("customer_id", "email", "lifecycle_stage"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ActivationStep(lake, narrow, env)
            .apply(new RunContext("act-narrow", 11, Instant.now())))
        .hasMessageStartingWith("activation test_narrow: table audience_narrow: ")
        .hasMessageContaining("lifecycle_stage").hasMessageEndingWith("; the table is unchanged");
    try (Connection c = postgres.getPostgresDatabase().getConnection(); var st = c.createStatement();
        ResultSet r = st.executeQuery("select string_agg(customer_id, ',') from audience_narrow")) {
      r.next();
      assertThat(r.getString(1)).isEqualTo("kept");
    }
  }

  private List<String> columns(String table) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        ResultSet r = c.getMetaData().getColumns(null, "public", table, null)) {
      while (r.next()) {
        out.add(r.getString("COLUMN_NAME"));
      }
    }
    return out;
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (var files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private static void deleteTree(Path root) throws Exception {
    if (!Files.exists(root)) {
      return;
    }
    try (var files = Files.walk(root)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
