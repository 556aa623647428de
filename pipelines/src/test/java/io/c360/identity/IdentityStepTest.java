package io.c360.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.c360.config.IdentityRules;
import io.c360.config.TableName;
import io.c360.job.RunContext;
import io.c360.job.StepResult;
import io.c360.lake.Lakehouse;
import io.c360.testing.TestLakehouses;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Identity stitching on small hand-made graphs: chains, a shared kiosk id, stable ids and merges.
 * The class shares the session and conf/; each method has its own lakehouse folder.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdentityStepTest {
  private static final StructType IDENTIFIERS = new StructType().add("id_type", "string").add("id_value", "string")
      .add("source", "string").add("record_key", "string").add("observed_at", "timestamp").add("_batch_id", "long");

  @TempDir
  Path dir;

  private io.c360.config.Project project;
  private io.c360.config.Models models;
  private Path own;
  private Lakehouse lake;
  private IdentityRules rules;
  private final List<Row> observations = new ArrayList<>();
  private int runs;

  @BeforeAll
  void loadConf() {
    project = io.c360.config.Project.load(TestLakehouses.conf());
    models = io.c360.config.Models.onClasspath();
  }

  @BeforeEach
  void open(TestInfo test) {
    own = dir.resolve(test.getTestMethod().orElseThrow().getName());
    // These graphs are tiny and each run touches most of them, which would relink them all: the tests
    // here are about the incremental relink, so it is kept whatever the share touched.
    lake = TestLakehouses.open(own.resolve("landing"), own.resolve("lake"), TestLakehouses.newCatalog(),
        List.of("models.rebuild-share=1"), project);
    rules = project.identity();
    observations.clear();
    runs = 0;
  }

  /** One source record carrying these identifiers, as "type:value". */
  private void record(String key, String... identifiers) {
    for (String id : identifiers) {
      String[] p = id.split(":", 2);
      observations.add(RowFactory.create(p[0], p[1], "test", key, Timestamp.from(Instant.parse("2026-10-01T00:00:00Z")),
          runs + 1L)); // the batch of the next stitch
    }
  }

  /** Links the records so far: silver.identity_edges and the identity step, incrementally. */
  private StepResult stitch() {
    return stitch(false);
  }

  private StepResult stitch(boolean fullRefresh) {
    lake.overwrite(IdentifiersStep.IDENTIFIERS, lake.spark().createDataFrame(observations, IDENTIFIERS));
    runs++;
    new io.c360.model.ModelStep(lake, models, "silver/identity_edges",
        io.c360.config.EmailRules.AS_WRITTEN, List.of())
        .apply(new RunContext("edges" + runs, runs, Instant.now(), fullRefresh));
    return new IdentityStep(lake, rules).apply(new RunContext("run" + runs, runs, Instant.now(), fullRefresh));
  }

  private List<String> rows(String sql) {
    return lake.spark().sql(sql).collectAsList().stream().map(r -> r.mkString("|")).toList();
  }

  private Map<String, String> customers() {
    Map<String, String> out = new HashMap<>();
    for (Row r : lake.read(IdentityStep.IDENTITY_MAP).collectAsList()) {
      out.put(r.getString(0) + ":" + r.getString(1), r.getString(2));
    }
    return out;
  }

  @Test
  void aChainOfRecordsBecomesOneCustomer() {
    record("r1", "anonymous_id:d1", "user_id:u1");
    record("r2", "user_id:u1", "email:a@x.com");
    record("r3", "email:a@x.com", "phone:+447911123456");
    record("r4", "phone:+447911123456", "crm_id:CRM-1");
    record("r5", "anonymous_id:d2");
    StepResult result = stitch();

    Map<String, String> c = customers();
    assertThat(c).hasSize(6);
    assertThat(c.get("anonymous_id:d1")).isEqualTo(c.get("crm_id:CRM-1")).isEqualTo(c.get("email:a@x.com"));
    assertThat(c.get("anonymous_id:d2")).isNotEqualTo(c.get("anonymous_id:d1"));
    assertThat(result.figures()).containsEntry("customers", 2L).containsEntry("identifiers_stitched", 5L);
    // Five pairs are linked on the driver at once, with no distributed round.
    assertThat(result.figures()).containsEntry("rounds", 0L);
  }

  @Test
  void aKioskSeenWithManyUsersLinksNobodyAndIsReported() {
    for (int i = 1; i <= 5; i++) {
      record("login" + i, "anonymous_id:kiosk", "user_id:u" + i, "email:p" + i + "@x.com");
    }
    record("home", "anonymous_id:home1", "user_id:u1");
    stitch();

    Map<String, String> c = customers();
    assertThat(c).doesNotContainKey("anonymous_id:kiosk");
    assertThat(c.values().stream().distinct().count()).isEqualTo(5);
    assertThat(c.get("anonymous_id:home1")).isEqualTo(c.get("user_id:u1")).isEqualTo(c.get("email:p1@x.com"));
    Row shared = lake.read(IdentityStep.SHARED).first();
    assertThat(shared.getString(0)).isEqualTo("anonymous_id");
    assertThat(shared.getString(1)).isEqualTo("kiosk");
    assertThat(shared.<String>getAs("linked_type")).isEqualTo("user_id");
    assertThat(shared.<Long>getAs("linked_count")).isEqualTo(5);
    assertThat(shared.<String>getAs("attached_to")).isNull();
  }

  @Test
  void whenACustomerSplitsTheLargerPartKeepsTheIdAndTheRestGetNewOnes() {
    record("r1", "anonymous_id:tablet", "email:a@x.com", "phone:+447911123456");
    record("r2", "anonymous_id:tablet", "email:b@x.com");
    stitch();
    Map<String, String> first = customers();
    String before = first.get("email:a@x.com");
    assertThat(first.get("email:b@x.com")).isEqualTo(before);

    // The tablet turns out to be shared (four e-mails): it links nobody any more.
    record("r3", "anonymous_id:tablet", "email:c@x.com");
    record("r4", "anonymous_id:tablet", "email:d@x.com");
    stitch();

    Map<String, String> after = customers();
    assertThat(after.get("email:a@x.com")).isEqualTo(before).isEqualTo(after.get("phone:+447911123456"));
    assertThat(after.get("email:b@x.com")).isNotEqualTo(before);
    assertThat(after.values().stream().distinct().count()).isEqualTo(4);
    Row split = lake.read(IdentityStep.MERGES).first();
    assertThat(split.<String>getAs("kind")).isEqualTo("split");
    assertThat(split.<String>getAs("old_customer_id")).isEqualTo(before);
    assertThat(split.<String>getAs("new_customer_id")).isEqualTo(after.get("email:b@x.com"));
    assertThat(split.<String>getAs("evidence")).isEqualTo("no longer linked to the rest of " + before
        + ", e.g. email:b@x.com");
  }

  @Test
  void idsAreStableAcrossRunsAndAMergeKeepsTheOldestIdWithItsEvidence() {
    record("r1", "crm_id:CRM-9", "email:c@x.com");
    record("r2", "user_id:u2", "email:b@x.com");
    stitch();
    String c = customers().get("email:c@x.com");
    record("r3", "user_id:u1", "email:a@x.com");
    stitch();
    Map<String, String> second = customers();
    String a = second.get("email:a@x.com");
    assertThat(second.get("email:c@x.com")).isEqualTo(c);

    stitch();
    assertThat(customers()).isEqualTo(second);

    // A CRM contact now ties a@ and c@ together: the customers merge and the older id (c@'s) survives.
    record("r4", "crm_id:CRM-9", "email:a@x.com");
    stitch();
    Map<String, String> fourth = customers();
    assertThat(fourth.get("email:a@x.com")).isEqualTo(c);
    assertThat(fourth.get("user_id:u1")).isEqualTo(c);
    assertThat(fourth.get("user_id:u2")).isEqualTo(second.get("user_id:u2"));
    List<Row> merges = lake.read(IdentityStep.MERGES).collectAsList();
    assertThat(merges).hasSize(1);
    assertThat(merges.get(0).<String>getAs("old_customer_id")).isEqualTo(a);
    assertThat(merges.get(0).<String>getAs("new_customer_id")).isEqualTo(c);
    assertThat(merges.get(0).<String>getAs("run_id")).isEqualTo("run4");
    assertThat(merges.get(0).<String>getAs("kind")).isEqualTo("merge");
    assertThat(merges.get(0).<String>getAs("evidence")).isEqualTo("crm_id:CRM-9 ~ email:a@x.com");
    assertThat(lake.read(TableName.parse("gold.identity_map"))
        .where(org.apache.spark.sql.functions.col("customer_id").equalTo(a)).count()).isZero();
    assertThat(rows("select old_customer_id, customer_id from gold.customer_aliases")).containsExactly(a + "|" + c);
    assertThat(new Explain(lake, rules).customer(a)).startsWith(a + " was merged into " + c + "\ncustomer " + c + ": ");
  }

  @Test
  void twoUserIdsJoinedThroughAPhoneStayTwoCustomersAndTheRefusalIsRecorded() {
    record("r1", "user_id:u1", "email:a@x.com");
    record("r2", "user_id:u2", "email:b@x.com");
    record("r3", "email:a@x.com", "phone:+447911123456");
    record("r4", "email:a@x.com", "phone:+447911123456");
    record("r5", "email:b@x.com", "phone:+447911123456");
    StepResult result = stitch();

    Map<String, String> c = customers();
    assertThat(c.get("phone:+447911123456")).isEqualTo(c.get("user_id:u1"));
    assertThat(c.get("user_id:u2")).isEqualTo(c.get("email:b@x.com")).isNotEqualTo(c.get("user_id:u1"));
    Row refusal = lake.read(IdentityStep.REFUSALS).first();
    assertThat(refusal.<String>getAs("from_id_value") + " " + refusal.<String>getAs("to_id_value"))
        .isEqualTo("b@x.com +447911123456");
    assertThat(refusal.<String>getAs("rule")).isEqualTo("max-per-customer:user_id");
    assertThat(refusal.<String>getAs("detail")).isEqualTo("would give a customer 2 user_id values (at most 1)");
    assertThat(result.figures()).containsEntry("refused_links", 1L).containsEntry("customers", 2L);
    assertThat(rule("phone:+447911123456")).isEqualTo("email~phone");
    assertThat(rule("user_id:u2")).isEqualTo("email~user_id");
  }

  @Test
  void aLongChainIsFoundInFewRoundsAndSplitBelowTheSizeLimit() {
    for (int i = 0; i < 600; i++) {
      record("r" + i, "anonymous_id:d" + i, "anonymous_id:d" + (i + 1));
    }
    StepResult result = stitch();

    Map<String, Long> sizes = new HashMap<>();
    customers().values().forEach(id -> sizes.merge(id, 1L, Long::sum));
    assertThat(sizes.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(601);
    assertThat(sizes.values()).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(200));
    assertThat(sizes).hasSizeBetween(4, 10);
    assertThat(lake.read(IdentityStep.REFUSALS).select("rule").distinct().collectAsList())
        .extracting(r -> r.getString(0)).containsExactly("max-size");
    // Label propagation would need 600 rounds for this chain.
    assertThat(result.figures().get("rounds")).isLessThan(20L);
  }

  @Test
  void aKioskSharedByHundredsIsAttachedToItsMostFrequentCustomerWhenConfigured() {
    rules = new IdentityRules(rules.types(), rules.maxPerCustomer(), rules.blockedValues(), rules.blockedPatterns(),
        rules.sharedThreshold(), rules.email(), IdentityRules.SharedAttachment.MOST_FREQUENT, rules.maxComponentSize());
    for (int i = 1; i <= 300; i++) {
      record("visit" + i, "anonymous_id:kiosk", "email:p" + i + "@x.com");
    }
    record("visit-again", "anonymous_id:kiosk", "email:p7@x.com");
    StepResult result = stitch();

    Map<String, String> c = customers();
    assertThat(c.values().stream().distinct().count()).isEqualTo(300);
    assertThat(c.get("anonymous_id:kiosk")).isEqualTo(c.get("email:p7@x.com"));
    assertThat(rule("anonymous_id:kiosk")).isEqualTo("shared:most-frequent");
    Row shared = lake.read(IdentityStep.SHARED).first();
    assertThat(shared.<Long>getAs("linked_count")).isEqualTo(300);
    assertThat(shared.<String>getAs("attached_to")).isEqualTo(c.get("email:p7@x.com"));
    assertThat(result.figures()).containsEntry("shared_identifiers", 1L);
  }

  private String rule(String id) {
    String[] p = id.split(":", 2);
    return lake.read(IdentityStep.IDENTITY_MAP).where(org.apache.spark.sql.functions.col("id_type").equalTo(p[0])
        .and(org.apache.spark.sql.functions.col("id_value").equalTo(p[1]))).first().getAs("rule");
  }

  @Test
  void explainShowsTheLinksTheirRecordsTheRefusalsAndTheSharedIdentifiers() {
    record("r1", "user_id:u1", "email:a@x.com");
    record("r2", "email:a@x.com", "phone:+447911123456");
    record("r3", "user_id:u2", "email:b@x.com");
    record("r4", "email:b@x.com", "phone:+447911123456");
    record("k1", "anonymous_id:kiosk", "user_id:u1");
    record("k2", "anonymous_id:kiosk", "user_id:u2");
    record("r6", "anonymous_id:d1", "user_id:u1");
    record("r7", "anonymous_id:d1", "user_id:u1");
    stitch();
    Explain explain = new Explain(lake, rules);
    String customer = customers().get("email:a@x.com");

    assertThat(explain.identifier("email: A@X.com ").replace(customer, "<customer>")).isEqualTo("""
        customer <customer>: 4 identifiers
          user_id:u1           email~user_id
          email:a@x.com        email~user_id
          phone:+447911123456  email~phone
          anonymous_id:d1      anonymous_id~user_id

        how they are linked (from email:a@x.com):
          email:a@x.com
          - user_id:u1
              test: 1 record, 2026-10-01T00:00:00Z, e.g. r1
            - anonymous_id:d1
                test: 2 records, 2026-10-01T00:00:00Z, e.g. r6, r7
          - phone:+447911123456
              test: 1 record, 2026-10-01T00:00:00Z, e.g. r2

        links refused:
          email:b@x.com ~ phone:+447911123456: max-per-customer:user_id, would give a customer 2 user_id values (at most 1)

        shared identifiers seen with it (they link nobody):
          anonymous_id:kiosk: seen with 2 user_id values
        """);
    assertThat(explain.identifier("anonymous_id:kiosk"))
        .isEqualTo("anonymous_id:kiosk is shared: seen with 2 user_id values, it links nobody and belongs to no customer\n");
    assertThat(explain.customer(customer)).startsWith("customer " + customer + ": 4 identifiers\n  user_id:u1 ");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> explain.identifier("email:nobody@x.com"))
        .hasMessage("email:nobody@x.com: no customer holds this identifier (not seen in any source, blocklisted, or erased)");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> explain.identifier("fax:123"))
        .hasMessage("--id: unknown identifier type fax (expected one of: user_id, crm_id, email, phone, anonymous_id)");
  }

  @Test
  void incrementalRunsRelinkOnlyWhatNewRecordsTouchAndEndWhereAFullRefreshDoes() {
    record("r1", "user_id:u1", "email:a@x.com");
    record("r2", "anonymous_id:d1", "email:a@x.com");
    record("r3", "user_id:u2", "email:b@x.com");
    record("r0", "user_id:u7", "email:z@x.com");
    stitch();
    record("r4", "email:b@x.com", "phone:+447911123456");
    record("r5", "anonymous_id:d9");
    stitch();
    // The phone now also appears with a@ (a user id conflict), and a tablet with two e-mails.
    record("r6", "email:a@x.com", "phone:+447911123456");
    record("r7", "anonymous_id:tab", "email:c@x.com");
    record("r8", "anonymous_id:tab", "email:d@x.com");
    stitch();
    // The tablet turns out to be shared; a CRM contact joins d9 to b@'s customer.
    record("r9", "anonymous_id:tab", "email:e@x.com");
    record("r10", "anonymous_id:tab", "email:f@x.com");
    record("r11", "crm_id:CRM-1", "email:b@x.com", "anonymous_id:d9");
    StepResult last = stitch();

    assertThat(last.figures().get("identifiers_relinked")).isEqualTo(12L); // not u7, z@ nor the shared tablet
    assertThat(last.figures()).containsEntry("rebuilt", 0L);
    String map = "select id_type, id_value, customer_id, rule, component_id from gold.identity_map order by 1, 2";
    String refusals = "select from_id_type, from_id_value, to_id_type, to_id_value, rule, detail "
        + "from gold.identity_refusals order by 1, 2, 3, 4";
    String shared = "select id_type, id_value, linked_type, linked_count, attached_to from gold.shared_identifiers";
    List<String> incrementalMap = rows(map);
    List<String> incrementalRefusals = rows(refusals);
    List<String> incrementalShared = rows(shared);
    assertThat(incrementalRefusals).hasSize(1);
    assertThat(incrementalShared).containsExactly("anonymous_id|tab|email|4|null");
    Map<String, String> c = customers();
    assertThat(c.get("anonymous_id:d9")).isEqualTo(c.get("user_id:u2"));
    assertThat(c.get("email:c@x.com")).isNotEqualTo(c.get("email:d@x.com"));

    stitch(true);
    assertThat(rows(map)).isEqualTo(incrementalMap);
    assertThat(rows(refusals)).isEqualTo(incrementalRefusals);
    assertThat(rows(shared)).isEqualTo(incrementalShared);
    assertThat(rows("select strategy from ops.model_runs where model = 'gold.identity_map' order by recorded_at"))
        .containsExactly("identity-full", "identity-incremental", "identity-incremental", "identity-incremental",
            "identity-full");
  }

  @Test
  void aRunTouchingMoreThanTheRebuildShareOfTheIdentifiersRelinksThemAll() {
    lake = TestLakehouses.open(own.resolve("landing"), own.resolve("lake-default"), TestLakehouses.newCatalog(),
        List.of(), project);
    for (int i = 0; i < 8; i++) {
      record("r" + i, "email:p" + i + "@x.com", "user_id:u" + i);
    }
    stitch();
    record("n0", "email:p0@x.com", "anonymous_id:a0"); // 3 of 17 identifiers to relink: merged
    assertThat(stitch().figures()).containsEntry("rebuilt", 0L).containsEntry("identifiers_relinked", 3L);
    for (int i = 1; i < 6; i++) { // 10 of 22 identifiers named by new records, over a quarter: all relinked
      record("n" + i, "user_id:u" + i, "anonymous_id:a" + i);
    }
    assertThat(stitch().figures()).containsEntry("rebuilt", 1L).containsEntry("identifiers_relinked", 22L);
    assertThat(rows("select strategy from ops.model_runs where model = 'gold.identity_map' order by recorded_at"))
        .containsExactly("identity-full", "identity-incremental", "identity-full");
    Map<String, String> c = customers();
    assertThat(c).hasSize(22);
    for (int i = 0; i < 6; i++) {
      assertThat(c.get("anonymous_id:a" + i)).isEqualTo(c.get("email:p" + i + "@x.com")).isEqualTo(c.get("user_id:u" + i));
    }
    assertThat(new java.util.HashSet<>(c.values())).hasSize(8);
  }

  @Test
  void aliasesFollowMergesToTheCurrentId() {
    Timestamp t1 = Timestamp.from(Instant.parse("2026-10-01T00:00:00Z"));
    Timestamp t2 = Timestamp.from(Instant.parse("2026-10-02T00:00:00Z"));
    List<Row> merges = List.of(
        RowFactory.create("c_a", "c_b", t1, "run1", "merge", null),
        RowFactory.create("c_b", "c_c", t2, "run2", "merge", null),
        RowFactory.create("c_c", "c_d", t2, "run2", "split", null));
    org.apache.spark.sql.Dataset<Row> aliases = StableIds.aliases(lake.spark().createDataFrame(merges,
        StableIds.CHANGES_SCHEMA));
    assertThat(aliases.orderBy("old_customer_id").collectAsList()).extracting(Row::toString)
        .containsExactly("[c_a,c_c]", "[c_b,c_c]");
  }

  @Test
  void pairsTheEdgesModelWritesAfterAnIdentityRunAreStillLinked() {
    record("r1", "user_id:u1", "email:a@x.com");
    stitch();
    // New records reach silver.identifiers and identity runs, but the edges model does not (--only).
    record("r2", "email:a@x.com", "phone:+447911123456");
    lake.overwrite(IdentifiersStep.IDENTIFIERS, lake.spark().createDataFrame(observations, IDENTIFIERS));
    runs++;
    new IdentityStep(lake, rules).apply(new RunContext("run" + runs, runs, Instant.now()));
    Map<String, String> stale = customers();
    assertThat(stale.get("phone:+447911123456")).isNotEqualTo(stale.get("email:a@x.com"));

    stitch(); // the edges model catches up: the next identity run still sees the new pair
    Map<String, String> caughtUp = customers();
    assertThat(caughtUp.get("phone:+447911123456")).isEqualTo(caughtUp.get("email:a@x.com"));
  }
}
