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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Identity stitching on small hand-made graphs: chains, a shared kiosk id, stable ids and merges. */
class IdentityStepTest {
  private static final StructType IDENTIFIERS = new StructType().add("id_type", "string").add("id_value", "string")
      .add("source", "string").add("record_key", "string").add("observed_at", "timestamp");

  @TempDir
  Path dir;

  private Lakehouse lake;
  private IdentityRules rules;
  private final List<Row> observations = new ArrayList<>();
  private int runs;

  @BeforeEach
  void open() {
    lake = TestLakehouses.open(dir.resolve("landing"), dir.resolve("lake"), TestLakehouses.newCatalog(), List.of());
    rules = io.c360.config.Project.load(TestLakehouses.conf()).identity();
  }

  /** One source record carrying these identifiers, as "type:value". */
  private void record(String key, String... identifiers) {
    for (String id : identifiers) {
      String[] p = id.split(":", 2);
      observations.add(RowFactory.create(p[0], p[1], "test", key, Timestamp.from(Instant.parse("2026-10-01T00:00:00Z"))));
    }
  }

  private StepResult stitch() {
    lake.overwrite(IdentifiersStep.IDENTIFIERS, lake.spark().createDataFrame(observations, IDENTIFIERS));
    lake.overwrite(IdentityStep.EDGES, lake.spark().sql(modelSql()));
    runs++;
    return new IdentityStep(lake, rules).apply(new RunContext("run" + runs, runs, Instant.now()));
  }

  private static String modelSql() {
    return io.c360.config.Models.onClasspath().sql("silver/identity_edges");
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
    assertThat(result.figures().get("rounds")).isGreaterThan(1L);
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
    assertThat(shared.getLong(3)).isEqualTo(5);
  }

  @Test
  void whenACustomerSplitsTheLargerPartKeepsTheIdAndTheRestGetNewOnes() {
    record("r1", "anonymous_id:tablet", "email:a@x.com", "phone:+447911123456");
    record("r2", "anonymous_id:tablet", "email:b@x.com");
    stitch();
    String before = customers().get("email:a@x.com");
    assertThat(customers().get("email:b@x.com")).isEqualTo(before);

    // The tablet turns out to be shared (four e-mails): it links nobody any more.
    record("r3", "anonymous_id:tablet", "email:c@x.com");
    record("r4", "anonymous_id:tablet", "email:d@x.com");
    stitch();

    Map<String, String> after = customers();
    assertThat(after.get("email:a@x.com")).isEqualTo(before).isEqualTo(after.get("phone:+447911123456"));
    assertThat(after.get("email:b@x.com")).isNotEqualTo(before);
    assertThat(after.values().stream().distinct().count()).isEqualTo(4);
  }

  @Test
  void idsAreStableAcrossRunsAndAMergeIsRecorded() {
    record("r1", "user_id:u1", "email:a@x.com");
    record("r2", "user_id:u2", "email:b@x.com");
    record("r3", "crm_id:CRM-9", "email:c@x.com");
    stitch();
    Map<String, String> first = customers();
    String a = first.get("email:a@x.com");
    String c = first.get("email:c@x.com");

    stitch();
    assertThat(customers()).isEqualTo(first);

    // A CRM contact now ties a@ and c@ together: the two customers merge, the smaller id survives.
    record("r4", "crm_id:CRM-9", "email:a@x.com");
    stitch();
    Map<String, String> third = customers();
    String survivor = a.compareTo(c) < 0 ? a : c;
    String retired = a.compareTo(c) < 0 ? c : a;
    assertThat(third.get("email:a@x.com")).isEqualTo(survivor);
    assertThat(third.get("email:c@x.com")).isEqualTo(survivor);
    assertThat(third.get("user_id:u2")).isEqualTo(first.get("user_id:u2"));
    List<Row> merges = lake.read(IdentityStep.MERGES).collectAsList();
    assertThat(merges).hasSize(1);
    assertThat(merges.get(0).getString(0)).isEqualTo(retired);
    assertThat(merges.get(0).getString(1)).isEqualTo(survivor);
    assertThat(merges.get(0).getString(3)).isEqualTo("run3");
    assertThat(lake.read(TableName.parse("gold.identity_map")).where(org.apache.spark.sql.functions.col("customer_id").equalTo(retired)).count())
        .isZero();
  }
}
