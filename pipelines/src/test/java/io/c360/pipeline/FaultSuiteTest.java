package io.c360.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.c360.testing.ReferenceLakehouse;
import io.c360.testing.TestLakehouses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probes of issue 29 made permanent, on the reference lakehouse, whose landing zone holds a
 * corpus of bad input beside the generated files (events and CSV): every line of every landed file ends in bronze or quarantine, a
 * value that does not parse exactly never reaches bronze, a re-run adds nothing, a full refresh
 * gives the same silver and gold, and after an erasure neither the erased person's address nor the
 * suppression salt is in any file, ops table or printed line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteTest {
  private static final String PERSON = ReferenceLakehouse.FAULT_PERSON;

  @TempDir
  static Path dir;

  private ReferenceLakehouse reference;
  private SparkSession spark;

  @BeforeAll
  void openTheReference() {
    reference = ReferenceLakehouse.get();
    spark = reference.open(reference.lake()).spark();
  }

  private long count(String sql) {
    return spark.sql(sql).first().getLong(0);
  }

  /** Rows of a table whose file column names the file {@code name}. */
  private long rowsFrom(String table, String fileColumn, String name) {
    return spark.table(table).where(col(fileColumn).endsWith("/" + name)).count();
  }

  @Test
  @Order(1)
  void everyLineOfEveryBadFileEndsInBronzeOrQuarantine() {
    Map<String, String> tables = Map.of("faults.json", "bronze.web_events", "faults-broken.json.gz", "bronze.web_events",
        "faults.csv", "bronze.orders", "faults-more.csv.gz", "bronze.orders", "faults-noheader.csv", "bronze.orders");
    ReferenceLakehouse.corpus().forEach((name, lines) -> assertThat(rowsFrom(tables.get(name), "_source_file", name)
        + rowsFrom("ops.quarantine", "source_file", name)).as(name).isEqualTo(lines));
    // Only what parses exactly reaches bronze: the decimal comma is not 1,250.00.
    assertThat(spark.table("bronze.orders").where(col("order_id").startsWith("FO-")).orderBy("order_id")
        .select(functions.concat_ws(" ", col("order_id"), col("total_amount"))).as(
            org.apache.spark.sql.Encoders.STRING()).collectAsList()).containsExactly("FO-1 12.50", "FO-7 7.00");
    assertThat(spark.table("bronze.web_events").where(col("messageId").startsWith("fault-")).count()).isZero();
    assertThat(spark.sql("select reason from ops.quarantine where record like '%FO-2%'").as(
        org.apache.spark.sql.Encoders.STRING()).collectAsList()).containsExactly("total_amount: not a decimal(12,2)");
    // The ledger agrees with the tables, file by file and in total.
    assertThat(count("select count(*) from ops.ingested_files where rows_read <> rows_written + rows_quarantined"))
        .isZero();
    for (String source : List.of("web_events", "orders", "crm_contacts", "order_items", "email_engagement", "consent")) {
      assertThat(count("select coalesce(sum(rows_read), 0) from ops.ingested_files where source = '" + source + "'"))
          .as(source).isEqualTo(count("select count(*) from bronze." + source)
              + count("select count(*) from ops.quarantine where source = '" + source + "'"));
    }
    assertThat(count("select count(*) from ops.job_runs where status = 'succeeded'")).isEqualTo(2);
  }

  @Test
  @Order(2)
  void aRunAgainAddsNothing() {
    List<String> tables = List.of("bronze.web_events", "bronze.orders", "bronze.crm_contacts", "ops.quarantine",
        "ops.ingested_files", "silver.events", "silver.orders", "silver.identifiers", "gold.identity_map",
        "gold.customer_360");
    Path again = reference.rerun();
    String[] runColumns = {"run_id", "recorded_at", "_ingested_at", "computed_at", "updated_at"};
    assertThat(reference.console("rerun")).contains("ingest_orders").contains("read 0, wrote 0");
    for (String table : tables) {
      Dataset<Row> before = TestLakehouses.comparable(spark.table(table).drop(runColumns));
      Dataset<Row> after = TestLakehouses.comparable(ReferenceLakehouse.table(again, table).drop(runColumns));
      assertThat(after.count()).as(table).isEqualTo(before.count());
      if (!table.startsWith("gold")) {
        assertThat(after.exceptAll(before).count()).as(table).isZero();
      }
    }
  }

  @Test
  @Order(3)
  void aFullRefreshGivesTheSameSilverAndGold() {
    List<String> models = List.of("silver.events", "silver.orders", "silver.contacts", "silver.identifiers",
        "gold.identity_map", "gold.customer_orders", "gold.customer_360");
    Path refreshed = reference.fullRefresh();
    for (String model : models) {
      Dataset<Row> before = TestLakehouses.comparable(spark.table(model));
      Dataset<Row> after = TestLakehouses.comparable(ReferenceLakehouse.table(refreshed, model));
      assertThat(before.count()).as(model).isPositive();
      assertThat(after.exceptAll(before).count()).as(model).isZero();
      assertThat(before.exceptAll(after).count()).as(model).isZero();
    }
  }

  @Test
  @Order(4)
  void afterAnErasureNoFileOpsRowOrPrintedLineHoldsThePersonOrTheSalt() throws IOException {
    Path lakePath = reference.copyWithLanding(dir);
    Path landing = dir.resolve("landing");
    List<String> args = new ArrayList<>(List.of("erase", "--id", "email:" + PERSON, "--request-id", "R-fault"));
    args.addAll(TestLakehouses.args(landing, lakePath, TestLakehouses.newCatalog()));
    args.addAll(List.of("--set", "reporting.as-of=" + ReferenceLakehouse.AS_OF));
    TestLakehouses.CliRun erase = TestLakehouses.cli(args);
    List<String> printed = new ArrayList<>();
    for (String run : List.of("first", "second", "rerun", "full-refresh")) {
      printed.add(reference.console(run));
    }
    printed.add(erase.stdout());
    assertThat(erase.exit()).as(erase.stdout()).isZero();
    assertThat(erase.stdout()).startsWith("request R-fault: completed\n")
        .contains("landing/web_events/2026-10-01/faults-broken.json.gz (cannot be decompressed: ");

    Path saltFile = lakePath.resolve("_c360/suppression.salt");
    String salt = Files.readString(saltFile).strip();
    assertThat(salt).hasSizeGreaterThan(16);
    List<Path> holding = new ArrayList<>();
    for (Path root : List.of(lakePath, landing, lakePath.resolveSibling("exports"))) {
      if (!Files.exists(root)) {
        continue;
      }
      try (var files = Files.walk(root)) {
        for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.equals(saltFile)).toList()) {
          String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
          if (text.contains(PERSON) || text.contains(salt.toLowerCase(Locale.ROOT))) {
            holding.add(f);
          }
        }
      }
    }
    // Plain bytes: gzip and Snappy-compressed Parquet hide text from this look, the erasure's own
    // verification reads them decompressed (ErasureTest checks that part by values).
    assertThat(holding).isEmpty();
    for (String table : List.of("ops.quarantine", "ops.ingested_files", "ops.step_runs", "ops.job_runs",
        "compliance.erasure_requests", "compliance.erasure_log", "compliance.suppression")) {
      assertThat(spark.table(table).select(functions.lower(functions.to_json(functions.struct(col("*")))).as("j"))
          .where(col("j").contains(PERSON).or(col("j").contains(salt.toLowerCase(Locale.ROOT)))).count())
          .as(table).isZero();
    }
    assertThat(printed).noneMatch(p -> p.toLowerCase(Locale.ROOT).contains(salt.toLowerCase(Locale.ROOT))
        || p.toLowerCase(Locale.ROOT).contains(PERSON));
  }
}
