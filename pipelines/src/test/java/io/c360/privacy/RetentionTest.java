package io.c360.privacy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.c360.testing.ChildRun;
import io.c360.testing.ReferenceLakehouse;
import io.c360.testing.TestLakehouses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
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
 * The retention job (conf/jobs/retention.yaml) on a copy of the reference lakehouse, with the
 * repository's conf/privacy.yaml (90 days for both): run on a day that puts the cutoff in the middle
 * of the sample's events (killed half-way first), then on a day far enough on that every landed file
 * is past its retention.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RetentionTest {
  /** 90 days before 2027-01-02: the sample's events run from 2026-10-01 to 2026-10-06. */
  private static final String CUTOFF = "2026-10-04T00:00:00Z";

  @TempDir
  static Path dir;

  private Path lakePath;
  private Path landing;
  /** An anonymous customer old enough to go but kept: a link of its anonymous id was refused. */
  private String refusedCustomer;
  private final String catalog = TestLakehouses.newCatalog();

  @BeforeAll
  void copyTheReference() {
    lakePath = ReferenceLakehouse.get().copyWithLanding(dir);
    landing = dir.resolve("landing");
  }

  private TestLakehouses.CliRun cli(String asOf, String... command) {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(TestLakehouses.args(landing, lakePath, catalog));
    args.addAll(List.of("--set", "reporting.as-of=" + asOf));
    return TestLakehouses.cli(args);
  }

  private TestLakehouses.CliRun retention(String asOf) {
    return cli(asOf, "run", TestLakehouses.conf().resolve("jobs/retention.yaml").toString());
  }

  private SparkSession spark() {
    return TestLakehouses.open(landing, lakePath, catalog, ReferenceLakehouse.sets()).spark();
  }

  private static Set<String> strings(Dataset<Row> rows) {
    return new TreeSet<>(rows.as(Encoders.STRING()).collectAsList());
  }

  /**
   * Anonymous customers (customer_360.is_known false) by the latest event of their anonymous ids,
   * an oracle written apart from the step's own query over silver.identifiers.
   */
  private static Set<String> anonymousLastSeenBefore(SparkSession spark, String cutoff) {
    return strings(spark.sql("""
        select c.customer_id
        from gold.customer_360 c
        join gold.identity_map m on m.customer_id = c.customer_id and m.id_type = 'anonymous_id'
        join silver.events e on e.anonymous_id = m.id_value
        where not c.is_known
        group by c.customer_id
        having max(e.occurred_at) < timestamp'%s'""".formatted(cutoff)));
  }

  @Test
  @Order(1)
  void anonymousCustomersNotSeenForNinetyDaysAreErasedEverywhereAndTheOthersKept() throws Exception {
    SparkSession spark = spark();
    Set<String> expired = anonymousLastSeenBefore(spark, CUTOFF);
    Set<String> anonymous = strings(spark.sql("select customer_id from gold.customer_360 where not is_known"));
    Set<String> expiredIds = strings(spark.table("gold.identity_map").where(col("customer_id").isin(expired.toArray()))
        .select("id_value"));
    long known = spark.table("gold.customer_360").where("is_known").count();
    long orders = spark.table("silver.orders").count();
    long suppressed = spark.catalog().tableExists("compliance.suppression")
        ? spark.table("compliance.suppression").count() : 0;
    long landed = landedFiles().size();
    assertThat(expired).isNotEmpty();
    assertThat(anonymous).hasSizeGreaterThan(expired.size()).containsAll(expired);
    assertThat(expiredIds).isNotEmpty();
    // The identity step refused to link one of them to a known customer's e-mail (a limit was hit):
    // records holding its anonymous id may be the known customer's too.
    refusedCustomer = expired.iterator().next();
    Row refusedId = spark.table("gold.identity_map").where(col("customer_id").equalTo(refusedCustomer)
        .and(col("id_type").equalTo("anonymous_id"))).select("id_type", "id_value").first();
    Row email = spark.table("gold.identity_map").where(col("id_type").equalTo("email")).select("id_type", "id_value")
        .first();
    spark.range(1).select(lit(refusedId.getString(0)).as("from_id_type"), lit(refusedId.getString(1))
        .as("from_id_value"), lit(email.getString(0)).as("to_id_type"), lit(email.getString(1)).as("to_id_value"),
        lit("max-per-customer:anonymous_id").as("rule"), lit("planted by the test").as("detail"),
        lit("test").as("run_id"), current_timestamp().as("decided_at"))
        .write().format("delta").mode("append").saveAsTable("gold.identity_refusals");
    expired.remove(refusedCustomer);
    expiredIds = strings(spark.table("gold.identity_map").where(col("customer_id").isin(expired.toArray()))
        .select("id_value"));

    // Killed half-way (kill -9 at the step's first heartbeat past 250 Spark tasks: past its plan,
    // which takes about 150, while it deletes or purges), then run again on the same day: the same
    // request finishes.
    List<String> args = new ArrayList<>(List.of("run", TestLakehouses.conf().resolve("jobs/retention.yaml").toString()));
    args.addAll(TestLakehouses.args(landing, lakePath, catalog));
    args.addAll(List.of("--set", "reporting.as-of=2027-01-02"));
    java.util.regex.Pattern beat = java.util.regex.Pattern.compile("retention running \\d+ s: ([\\d,]+) tasks done");
    ChildRun.Result killed = ChildRun.run(args, line -> {
      java.util.regex.Matcher m = beat.matcher(line);
      return m.find() && Long.parseLong(m.group(1).replace(",", "")) >= 250;
    }, dir.resolve("retention-killed.err"));
    System.out.println(killed.stdout());
    assertThat(killed.killed()).as(killed.stdout()).isTrue();
    SparkSession afterKill = spark();
    System.out.println("after the kill: " + (afterKill.catalog().tableExists("compliance.erasure_requests")
        ? afterKill.table("compliance.erasure_requests").select("request_id", "status").collectAsList() : "no request"));
    TestLakehouses.CliRun run = retention("2027-01-02");
    System.out.println(run.stdout());
    assertThat(run.exit()).as(run.stdout()).isZero();
    assertThat(run.stdout()).contains("request retention-20270102: completed")
        .contains("1 customers with no known identifier kept past the cutoff: a link of an identifier of theirs was "
            + "refused by a rule (gold.identity_refusals)");

    spark = spark();
    assertThat(strings(spark.table("gold.identity_map").select("customer_id"))).doesNotContainAnyElementsOf(expired)
        .contains(refusedCustomer);
    assertThat(strings(spark.sql("select customer_id from gold.customer_360 where not is_known")))
        .containsExactlyInAnyOrderElementsOf(anonymous.stream().filter(c -> !expired.contains(c)).toList());
    for (String[] where : new String[][] {{"silver.events", "anonymous_id"}, {"silver.identifiers", "id_value"},
        {"bronze.web_events", "anonymousId"}, {"gold.customer_daily_activity", "customer_id"}}) {
      Set<String> values = where[1].equals("customer_id") ? expired : expiredIds;
      assertThat(spark.table(where[0]).where(col(where[1]).isin(values.toArray())).count()).as(where[0]).isZero();
    }
    assertThat(spark.table("gold.customer_360").where("is_known").count()).isEqualTo(known);
    assertThat(spark.table("silver.orders").count()).isEqualTo(orders);
    // Recorded and verified as an erasure is, under the regulation retention, but nobody is suppressed.
    assertThat(spark.sql("select concat_ws(' ', regulation, status) from compliance.erasure_requests "
        + "where request_id = 'retention-20270102'").as(Encoders.STRING()).collectAsList())
        .containsExactly("retention completed");
    // The fault corpus's broken gzip is searched as far as it can be read, and named.
    assertThat(spark.sql("select verification from compliance.erasure_log where request_id = 'retention-20270102'")
        .as(Encoders.STRING()).collectAsList()).singleElement().asString().startsWith("clean: no trace in any file; ")
        .endsWith("web_events/2026-10-01/faults-broken.json.gz (cannot be decompressed: not a gzip file)");
    assertThat(spark.catalog().tableExists("compliance.suppression")
        ? spark.table("compliance.suppression").count() : 0).isEqualTo(suppressed);
    // No landed file was ingested 90 days before 2027-01-02.
    assertThat(landedFiles()).hasSize((int) landed);
    TestLakehouses.CliRun overdue = cli("2027-01-02", "erase", "--status", "--overdue");
    assertThat(overdue.stdout()).doesNotContain("retention-20270102");
  }

  @Test
  @Order(2)
  void landedFilesIngestedLongerAgoThanTheRetentionAreDeletedAndBronzeKeepsTheirRecords() throws IOException {
    SparkSession spark = spark();
    Set<String> done = strings(spark.sql("""
        select file_path from (
          select file_path, max_by(status, recorded_at) as status from ops.ingested_files group by file_path)
        where status in ('committed', 'duplicate', 'corrupt')"""));
    long orders = spark.table("bronze.orders").count();
    long contacts = spark.table("bronze.crm_contacts").count();
    List<String> before = landedFiles();
    assertThat(done).isNotEmpty();
    assertThat(before.stream().filter(done::contains)).isNotEmpty();

    TestLakehouses.CliRun run = retention("2027-06-01");
    System.out.println(run.stdout());
    assertThat(run.exit()).as(run.stdout()).isZero();

    List<String> after = landedFiles();
    assertThat(after).doesNotContainAnyElementsOf(done);
    assertThat(after).containsExactlyInAnyOrderElementsOf(before.stream().filter(f -> !done.contains(f)).toList());
    spark = spark();
    assertThat(strings(spark.sql("select file_path from ops.ingested_files where note like 'deleted on 2027-06-01: %'")))
        .containsExactlyInAnyOrderElementsOf(before.stream().filter(done::contains).toList());
    assertThat(spark.table("bronze.orders").count()).isEqualTo(orders);
    assertThat(spark.table("bronze.crm_contacts").count()).isEqualTo(contacts);
    // Every anonymous customer was last seen before 2027-03-03; the one with a refused link is kept.
    assertThat(strings(spark.sql("select customer_id from gold.customer_360 where not is_known")))
        .containsExactly(refusedCustomer);
  }

  /** The landing zone's files as the ledger names them, but the erasure intake folder's. */
  private List<String> landedFiles() {
    try (Stream<Path> files = Files.walk(landing)) {
      return files.filter(Files::isRegularFile).filter(f -> !f.toString().contains("/_") && !f.getFileName()
          .toString().startsWith(".")).map(ReferenceLakehouse::hadoopPath).sorted().toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
