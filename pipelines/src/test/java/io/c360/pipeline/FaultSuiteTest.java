package io.c360.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.c360.sample.GeneratorSettings;
import io.c360.sample.LandingGenerator;
import io.c360.testing.TestLakehouses;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
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
 * The probes of issue 29 made permanent, on a small generated landing zone with a corpus of bad
 * input beside it (events and CSV): every line of every landed file ends in bronze or quarantine, a
 * value that does not parse exactly never reaches bronze, a re-run adds nothing, a full refresh
 * gives the same silver and gold, and after an erasure neither the erased person's address nor the
 * suppression salt is in any file, ops table or printed line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteTest {
  private static final String PERSON = "fault.person@example.org";
  private static final String HEADER = "order_id,user_id,email,status,currency,total_amount,ordered_at,updated_at";

  @TempDir
  static Path dir;

  private Path landing;
  private Path lakePath;
  private List<String> runArgs;
  private final List<String> printed = new ArrayList<>();
  /** Each corpus file, by name, and the lines it holds (records, the header of a good CSV aside). */
  private final Map<String, Long> corpus = new LinkedHashMap<>();
  private SparkSession spark;

  @BeforeAll
  void landAndRun() throws Exception {
    landing = dir.resolve("landing");
    lakePath = dir.resolve("lake");
    new LandingGenerator(GeneratorSettings.of(30, 2, 29L)).generate(dir.resolve("generated"));
    try (var files = Files.walk(dir.resolve("generated"))) {
      for (Path f : files.filter(Files::isRegularFile).filter(p -> !p.toString().contains("ground_truth")).toList()) {
        Path target = landing.resolve(dir.resolve("generated").relativize(f).toString());
        Files.createDirectories(target.getParent());
        Files.copy(f, target);
      }
    }
    landCorpus();
    runArgs = TestLakehouses.args(landing, lakePath, TestLakehouses.newCatalog());
    runArgs.addAll(0, List.of("run", TestLakehouses.conf().resolve("jobs/daily.yaml").toString()));
    runArgs.addAll(List.of("--set", "reporting.as-of=2026-10-05"));
    run(List.of());
    spark = SparkSession.active();
  }

  private void landCorpus() throws IOException {
    // Events: the fixture with one line of each kind of trouble, loose JSON holding the person, a .gz that is not gzip.
    byte[] fixture;
    try (InputStream in = getClass().getResourceAsStream("/ingest/bad-events.json")) {
      fixture = in.readAllBytes();
    }
    String loose = "{'messageId':'fault-1','type':'identify','timestamp':'2026-10-01T10:00:00Z',"
        + "'traits':{'email':'" + PERSON + "'}}\n"
        + "{\"messageId\":\"fault-2\",\"type\":\"track\",\"type\":\"page\",\"timestamp\":\"2026-10-01T10:00:00Z\"}\n";
    land("web_events/2026-10-01/faults.json", concat(fixture, loose.getBytes(StandardCharsets.UTF_8)), 16);
    land("web_events/2026-10-01/faults-broken.json.gz", "not gzip at all\n".getBytes(StandardCharsets.UTF_8), 1);
    // Orders: one good line (the person's), a decimal comma, a date that is not one, a third decimal
    // place, invalid UTF-8, a line with too few fields; the same good line again gzip-compressed; a file without a header.
    ByteArrayOutputStream orders = new ByteArrayOutputStream();
    orders.writeBytes((HEADER + "\n"
        + "FO-1,," + PERSON.toUpperCase(Locale.ROOT) + ",completed,GBP,12.50,2026-10-01T10:00:00Z,2026-10-01T10:00:00Z\n"
        + "FO-2,,someone@example.org,completed,GBP,\"12,50\",2026-10-01T10:00:00Z,2026-10-01T10:00:00Z\n"
        + "FO-3,,someone@example.org,completed,GBP,3.00,yesterday,2026-10-01T10:00:00Z\n"
        + "FO-4,,someone@example.org,completed,GBP,12.345,2026-10-01T10:00:00Z,2026-10-01T10:00:00Z\n")
        .getBytes(StandardCharsets.UTF_8));
    orders.writeBytes(new byte[] {'F', 'O', '-', '5', ',', ',', (byte) 0xC3, (byte) 0x28, '@', 'x', '.', 'o', 'r', 'g',
        ',', 'c', ',', 'G', 'B', 'P', ',', '5', '.', '0', '0', ',', '2', '0', '2', '6', '-', '1', '0', '-', '0', '1',
        'T', '1', '0', ':', '0', '0', ':', '0', '0', 'Z', ',', '\n'});
    orders.writeBytes("FO-6,,short@example.org\n".getBytes(StandardCharsets.UTF_8));
    land("orders/faults.csv", orders.toByteArray(), 6);
    land("orders/faults-more.csv.gz", gzip((HEADER + "\nFO-7,,other@example.org,completed,GBP,7.00,"
        + "2026-10-01T10:00:00Z,2026-10-01T10:00:00Z\n").getBytes(StandardCharsets.UTF_8)), 1);
    land("orders/faults-noheader.csv", ("FO-8,," + PERSON + ",completed,GBP,8.00,2026-10-01T10:00:00Z,"
        + "2026-10-01T10:00:00Z\nFO-9,,nine@example.org,completed,GBP,9.00,2026-10-01T10:00:00Z,"
        + "2026-10-01T10:00:00Z\n").getBytes(StandardCharsets.UTF_8), 2);
  }

  private void land(String name, byte[] content, long records) throws IOException {
    Path f = landing.resolve(name);
    Files.createDirectories(f.getParent());
    Files.write(f, content);
    corpus.put(f.getFileName().toString(), records);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] gzip(byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(content);
    }
    return out.toByteArray();
  }

  private String run(List<String> extra) {
    List<String> args = new ArrayList<>(runArgs);
    args.addAll(extra);
    TestLakehouses.CliRun result = TestLakehouses.cli(args);
    printed.add(result.stdout());
    assertThat(result.exit()).as(result.stdout()).isZero();
    return result.stdout();
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
    corpus.forEach((name, lines) -> assertThat(rowsFrom(tables.get(name), "_source_file", name)
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
    assertThat(count("select count(*) from ops.job_runs where status = 'succeeded'")).isOne();
  }

  @Test
  @Order(2)
  void aRunAgainAddsNothing() {
    List<String> tables = List.of("bronze.web_events", "bronze.orders", "bronze.crm_contacts", "ops.quarantine",
        "ops.ingested_files", "silver.events", "silver.orders", "silver.identifiers", "gold.identity_map",
        "gold.customer_360");
    List<Dataset<Row>> before = tables.stream().map(t -> TestLakehouses.comparable(spark.table(t).drop("run_id", "recorded_at",
        "_ingested_at", "computed_at", "updated_at")).localCheckpoint(true)).toList();
    String console = run(List.of());
    assertThat(console).contains("ingest_orders").contains("read 0, wrote 0");
    for (int i = 0; i < tables.size(); i++) {
      Dataset<Row> after = TestLakehouses.comparable(spark.table(tables.get(i)).drop("run_id", "recorded_at", "_ingested_at",
          "computed_at", "updated_at"));
      assertThat(after.count()).as(tables.get(i)).isEqualTo(before.get(i).count());
      if (!tables.get(i).startsWith("gold")) {
        assertThat(after.exceptAll(before.get(i)).count()).as(tables.get(i)).isZero();
      }
    }
  }

  @Test
  @Order(3)
  void aFullRefreshGivesTheSameSilverAndGold() {
    List<String> models = List.of("silver.events", "silver.orders", "silver.contacts", "silver.identifiers",
        "gold.identity_map", "gold.customer_orders", "gold.customer_360");
    List<Dataset<Row>> before = models.stream().map(t -> TestLakehouses.comparable(spark.table(t)).localCheckpoint(true)).toList();
    run(List.of("--full-refresh"));
    for (int i = 0; i < models.size(); i++) {
      Dataset<Row> after = TestLakehouses.comparable(spark.table(models.get(i)));
      assertThat(before.get(i).count()).as(models.get(i)).isPositive();
      assertThat(after.exceptAll(before.get(i)).count()).as(models.get(i)).isZero();
      assertThat(before.get(i).exceptAll(after).count()).as(models.get(i)).isZero();
    }
  }

  @Test
  @Order(4)
  void afterAnErasureNoFileOpsRowOrPrintedLineHoldsThePersonOrTheSalt() throws IOException {
    List<String> args = new ArrayList<>(List.of("erase", "--id", "email:" + PERSON, "--request-id", "R-fault"));
    args.addAll(runArgs.subList(2, runArgs.size()));
    TestLakehouses.CliRun erase = TestLakehouses.cli(args);
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
