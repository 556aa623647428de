package io.c360.privacy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.c360.conform.IdentifierArgument;
import io.c360.config.Project;
import io.c360.config.TableName;
import io.c360.lake.Lakehouse;
import io.c360.lake.RunLock;
import io.c360.sample.GeneratorSettings;
import io.c360.sample.LandingGenerator;
import io.c360.testing.TestLakehouses;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Erasure on a lakehouse built by the daily job from generated data, with some gold tables in
 * Iceberg: the person's rows go from every table, landing file and export, and no file keeps a
 * trace; every other row is unchanged; an injection attempt deletes nothing; the person does not
 * come back; a stopped run finishes when run again; an erasure waits for a run holding the lakehouse.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ErasureTest {
  private static final List<String> ICEBERG = List.of("gold.identity_map", "gold.customer_360",
      "gold.customer_daily_activity");
  private static final List<String> DELETION_VECTORS = List.of("silver.contacts");
  private static final List<String> CHANGE_FEED = List.of("silver.contacts", "silver.orders");

  @TempDir
  static Path dir;

  private Path landing;
  private Path lakePath;
  private String catalog;
  private List<String> sets;
  private List<String> envArgs;
  private final Project project = Project.load(TestLakehouses.conf());
  /**
   * Five people: erased (with export and suppression checks), stopped half-way, waiting for the lock,
   * through the erasure job, and beside a corrupt landing file.
   */
  private final List<Map<String, String>> people = new ArrayList<>();

  @BeforeAll
  void buildTheLakehouse() throws Exception {
    Path generated = dir.resolve("generated");
    landing = dir.resolve("landing");
    lakePath = dir.resolve("lake");
    new LandingGenerator(GeneratorSettings.of(150, 4, 11L)).generate(generated);
    try (var files = Files.walk(generated)) {
      for (Path f : files.filter(Files::isRegularFile).filter(p -> !p.toString().contains("ground_truth")).toList()) {
        Path target = landing.resolve(generated.relativize(f).toString());
        Files.createDirectories(target.getParent());
        Files.copy(f, target);
      }
    }
    catalog = TestLakehouses.newCatalog();
    sets = new ArrayList<>(List.of("reporting.as-of=2026-10-05"));
    ICEBERG.forEach(t -> sets.add("tables.formats." + t + "=iceberg"));
    envArgs = TestLakehouses.args(landing, lakePath, catalog);
    sets.forEach(s -> envArgs.addAll(List.of("--set", s)));
    runDaily();
    // Deletion vectors and the change data feed, turned on as a user would on tables that exist: the
    // first erasure's deletes then leave soft-deleted rows and change files that its purge must remove.
    DELETION_VECTORS.forEach(t -> alter(t, "delta.enableDeletionVectors"));
    CHANGE_FEED.forEach(t -> alter(t, "delta.enableChangeDataFeed"));
    Lakehouse lake = open();
    // People with an e-mail, a phone, an anonymous id, a CRM id and orders: their rows are in every layer.
    for (Row r : lake.spark().sql("""
        select m.customer_id,
               min(case when m.id_type = 'email' then m.id_value end) as email,
               min(case when m.id_type = 'phone' then m.id_value end) as phone
        from gold.identity_map m
        where m.customer_id in (select customer_id from gold.customer_orders)
        group by m.customer_id
        having count(distinct m.id_type) >= 4 and bool_or(m.id_type = 'crm_id') and bool_or(m.id_type = 'phone')
           and bool_or(m.id_type = 'anonymous_id')
        order by m.customer_id limit 5""").collectAsList()) {
      people.add(Map.of("customer", r.getString(0), "email", r.getString(1), "phone", r.getString(2)));
    }
    assertThat(people).hasSize(5);
  }

  private void alter(String table, String property) {
    TestLakehouses.CliRun run = cli("sql", "ALTER TABLE " + table + " SET TBLPROPERTIES ('" + property + "' = 'true')");
    assertThat(run.exit()).as(run.stdout()).isZero();
  }

  private void runDaily() {
    List<String> args = new ArrayList<>(List.of("run", TestLakehouses.conf().resolve("jobs/daily.yaml").toString()));
    args.addAll(envArgs);
    TestLakehouses.CliRun run = TestLakehouses.cli(args);
    assertThat(run.exit()).as(run.stdout()).isZero();
  }

  private Lakehouse open() {
    return TestLakehouses.open(landing, lakePath, catalog, sets);
  }

  private TestLakehouses.CliRun cli(String... command) {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(envArgs);
    return TestLakehouses.cli(args);
  }

  private static List<ErasureTargets.Target> targets(Project project) {
    return ErasureTargets.of(project.privacy(), project.sources().values());
  }

  /** Per table: rows, and a checksum of the rows that are not the person's (by the plan's fingerprints). */
  private Map<TableName, long[]> others(Lakehouse lake, ErasurePlanner.Plan plan) {
    Map<TableName, long[]> out = new LinkedHashMap<>();
    for (ErasurePlanner.TablePlan t : plan.tables()) {
      Dataset<Row> rows = lake.read(t.target().table());
      Column fp = TableEraser.fingerprint(rows.columns(), null);
      Dataset<Row> kept = t.fingerprints().isEmpty() ? rows : rows.where(functions.not(fp.isin(t.fingerprints().toArray())));
      out.put(t.target().table(), new long[] {rows.count(), kept.count(), checksum(kept)});
    }
    return out;
  }

  private static long checksum(Dataset<Row> rows) {
    Row r = rows.select(functions.sum(functions.xxhash64(functions.to_json(functions.struct(col("*"))))
        .cast("decimal(38,0)").mod(lit(Long.MAX_VALUE)))).first();
    return r.isNullAt(0) ? 0 : r.getDecimal(0).longValue();
  }

  private ErasurePlanner.Plan plan(Lakehouse lake, String id) {
    Subject s = Subject.resolve(lake, List.of(IdentifierArgument.parse(id, project.identity())));
    return new ErasurePlanner(lake).plan(targets(project), List.of(new ErasurePlanner.Person("probe", s)));
  }

  @Test
  @Order(1)
  void subjectAccessWritesEveryRowThatHoldsThePerson() throws IOException {
    Map<String, String> p = people.get(0);
    Path out = dir.resolve("subject.json");
    ErasurePlanner.Plan plan = plan(open(), "email:" + p.get("email"));
    TestLakehouses.CliRun run = cli("export-subject", "--id", "email:" + p.get("email"), "--out", out.toString());
    assertThat(run.exit()).as(run.stdout()).isZero();
    JsonNode doc = new ObjectMapper().readTree(out.toFile());
    JsonNode summary = doc.path("summary");
    assertThat(summary.path("customer_ids").toString()).contains(p.get("customer"));
    assertThat(summary.path("identifiers").toString()).contains(p.get("email"));
    assertThat(summary.path("profile").get(0).path("email").asText()).isEqualTo(p.get("email"));
    assertThat(summary.path("files").size()).as("landed files that hold the person").isPositive();
    List<String> files = new java.util.ArrayList<>();
    summary.path("files").forEach(f -> files.add(f.path("file").asText()));
    assertThat(files).anyMatch(f -> f.startsWith("landing/"));
    assertThat(summary.path("rows_per_table").path("gold.customer_360").asInt()).isEqualTo(1);
    // Rows without c360's internal columns, as the summary leads: nothing starts with an underscore.
    doc.path("tables").forEach(t -> t.path("rows").forEach(r -> r.fieldNames().forEachRemaining(
        f -> assertThat(f).as(t.path("table").asText()).doesNotStartWith("_"))));
    Map<String, Integer> rows = new LinkedHashMap<>();
    doc.path("tables").forEach(t -> rows.put(t.path("table").asText(), t.path("rows").size()));
    Map<String, Integer> expected = new LinkedHashMap<>();
    plan.tables().stream().filter(t -> !t.fingerprints().isEmpty())
        .forEach(t -> expected.put(t.target().table().toString(), (int) t.rows()));
    assertThat(rows).isEqualTo(expected).containsKeys("bronze.crm_contacts", "bronze.web_events", "silver.orders",
        "silver.order_items", "bronze.order_items", "gold.customer_360", "gold.identity_map");
    String text = Files.readString(out);
    assertThat(text).contains("\"email\" : \"" + p.get("email") + "\"").contains(p.get("phone"));
    assertThat(run.stdout()).startsWith("wrote " + out + ": ").contains(" landed or exported files hold the person");
  }

  @Test
  @Order(2)
  void anErasureRemovesThePersonFromEveryLayerAndFileAndNothingElse() throws IOException {
    Map<String, String> p = people.get(0);
    Lakehouse lake = open();
    ErasurePlanner.Plan plan = plan(lake, "email:" + p.get("email"));
    Map<TableName, long[]> before = others(lake, plan);
    List<String> landingBefore = landingLines();
    assertThat(landingBefore.stream().filter(l -> l.toLowerCase(Locale.ROOT).contains(p.get("email")))).isNotEmpty();

    // The dry run lists the files the erasure then rewrites, with the records it drops, and changes none.
    Map<Path, String> filesBefore = landingAndExportFiles();
    TestLakehouses.CliRun dryRun = cli("erase", "--dry-run", "--id", "email:" + p.get("email"));
    assertThat(dryRun.exit()).as(dryRun.stdout()).isZero();
    assertThat(landingAndExportFiles()).as("a dry run changes no file").isEqualTo(filesBefore);
    Map<String, Long> toDrop = filesAndRecords(dryRun.stdout(), "^  rewrite (\\S+) \\(([0-9]+) records to drop\\)$");
    assertThat(dryRun.stdout()).contains("\nfiles outside the tables (landing, exports): " + toDrop.size() + "\n")
        .endsWith("dry run: nothing was deleted\n");
    assertThat(toDrop.keySet()).anyMatch(f -> f.startsWith("landing/crm_contacts/"));

    TestLakehouses.CliRun run = cli("erase", "--id", "email:" + p.get("email"), "--request-id", "R-1",
        "--regulation", "gdpr");
    assertThat(run.exit()).as(run.stdout()).isZero();
    assertThat(filesAndRecords(run.stdout(), "^  file rewritten (\\S+) \\(([0-9]+) records dropped\\)$"))
        .as("the files the dry run listed").isEqualTo(toDrop);
    assertThat(run.stdout()).startsWith("request R-1: completed\n")
        .contains("verification: clean, no form of an identifier in any file")
        .containsPattern("file rewritten landing/crm_contacts/[^ ]+\\.csv \\([1-9][0-9]* records dropped\\)");

    lake = open();
    for (Map.Entry<TableName, long[]> e : before.entrySet()) {
      Dataset<Row> after = lake.read(e.getKey());
      assertThat(after.count()).as(e.getKey() + " rows").isEqualTo(e.getValue()[1]);
      assertThat(checksum(after)).as(e.getKey() + ": every other row unchanged").isEqualTo(e.getValue()[2]);
      long gone = e.getValue()[0] - e.getValue()[1];
      if (gone > 0) {
        assertThat(run.stdout()).as(e.getKey().toString()).containsPattern("\\n  " + e.getKey().toString()
            .replace(".", "\\.") + " +" + String.format(Locale.ROOT, "%,d", gone) + " ");
      }
    }
    // By values, not fingerprints: nothing of theirs is left in any table.
    assertThat(lake.read(TableName.of("gold", "identity_map")).where(col("customer_id").equalTo(p.get("customer")))
        .count()).isZero();
    assertThat(lake.read(TableName.of("gold", "customer_360")).where(col("customer_id").equalTo(p.get("customer")))
        .count()).isZero();
    assertThat(lake.read(TableName.of("silver", "events")).where(col("email").equalTo(p.get("email"))).count()).isZero();
    assertThat(lake.read(TableName.of("silver", "contacts")).where(col("phone").equalTo(p.get("phone"))).count()).isZero();
    assertThat(lake.read(TableName.of("ops", "quarantine")).where(functions.lower(col("record"))
        .contains(p.get("email"))).count()).isZero();

    // The files themselves: no text file (Delta logs, Iceberg metadata, landing, exports) holds the
    // address, and no Parquet file's rows do, deleted or not.
    assertThat(textFilesHolding(p.get("email"))).isEmpty();
    assertThat(parquetFilesHolding(lake, p.get("email"))).isEmpty();
    // ... the change files and soft-deleted rows included, which the deletes did leave: they are gone.
    for (String t : DELETION_VECTORS) {
      io.delta.tables.DeltaTable table = io.delta.tables.DeltaTable.forPath(lake.spark(), lakePath.resolve(t.replace('.', '/')).toString());
      List<Row> history = table.history().orderBy("version").select("operation", "operationMetrics").collectAsList();
      assertThat(history).as(t + ": the erasure's delete left deletion vectors, and a purge followed it")
          .anyMatch(h -> h.getString(0).equals("MERGE")
              && Long.parseLong(h.<String, String>getJavaMap(1).getOrDefault("numTargetDeletionVectorsAdded", "0")) > 0)
          .anyMatch(h -> h.getString(0).equals("REORG"));
    }
    for (String t : CHANGE_FEED) {
      List<String> changeFiles = changeFiles(lakePath.resolve(t.replace('.', '/')));
      assertThat(changeFiles).as(t + ": the erasure's delete wrote change data").isNotEmpty();
      assertThat(changeFiles).as(t + ": the purge removed it").noneMatch(f -> Files.exists(lakePath.resolve(t.replace('.', '/')).resolve(f)));
    }
    // Landing: only lines holding one of the person's identifiers (or their orders' ids) went.
    List<String> removed = new ArrayList<>(landingBefore);
    landingLines().forEach(removed::remove);
    assertThat(landingBefore.size() - removed.size()).isEqualTo(landingLines().size());
    long dropped = java.util.regex.Pattern.compile("\\(([0-9]+) records dropped\\)").matcher(run.stdout()).results()
        .filter(m -> !m.group().isEmpty()).mapToLong(m -> Long.parseLong(m.group(1))).sum();
    assertThat(removed).hasSize((int) (dropped - exportLinesDropped(run.stdout())));
    List<String> values = new ArrayList<>();
    plan.keys().getOrDefault("probe", java.util.Set.of()).forEach(k -> values.add(k.toLowerCase(Locale.ROOT)));
    plan.people().get(0).subject().identifiers().stream().filter(i -> !i.type().equals("phone"))
        .forEach(i -> values.add(i.value().toLowerCase(Locale.ROOT)));
    String phoneDigits = p.get("phone").substring(p.get("phone").length() - 9);
    for (String line : removed) {
      String lower = line.toLowerCase(Locale.ROOT);
      assertThat(values.stream().anyMatch(lower::contains) || line.replaceAll("[^0-9]", "").contains(phoneDigits))
          .as("a dropped line holds the person: " + line).isTrue();
    }
    assertThat(landingLines().stream().filter(l -> l.toLowerCase(Locale.ROOT).contains(p.get("email")))).isEmpty();

    // gold.segments no longer counts them: the erasure recounted, as the erasure job does.
    assertThat(run.stdout()).containsPattern("\nsegments recounted: [0-9,]+ members, [0-9,]+ left\n");
    Map<String, Long> open = new LinkedHashMap<>();
    lake.spark().sql("select segment, count(*) from gold.segment_membership where exited_at is null group by segment")
        .collectAsList().forEach(r -> open.put(r.getString(0), r.getLong(1)));
    for (Row segment : lake.read(TableName.of("gold", "segments")).collectAsList()) {
      assertThat((long) segment.<Long>getAs("members")).as(segment.<String>getAs("segment"))
          .isEqualTo(open.getOrDefault(segment.<String>getAs("segment"), 0L));
    }

    // The record: no identifier in the compliance tables, only hashes.
    Row request = lake.read(ComplianceTables.REQUESTS).where(col("request_id").equalTo("R-1")).first();
    assertThat((String) request.getAs("status")).isEqualTo("completed");
    assertThat(request.<java.sql.Timestamp>getAs("due_at").toInstant())
        .isEqualTo(request.<java.sql.Timestamp>getAs("received_at").toInstant().plus(Duration.ofDays(30)));
    for (TableName t : List.of(ComplianceTables.REQUESTS, ComplianceTables.LOG, SuppressionList.TABLE)) {
      assertThat(lake.read(t).select(functions.to_json(functions.struct(col("*")))).collectAsList().toString())
          .doesNotContain(p.get("email")).doesNotContain(p.get("phone"));
    }
    long identifiers = plan.tables().stream().filter(t -> t.target().table().equals(Subject.IDENTITY_MAP))
        .findFirst().orElseThrow().rows();
    assertThat(lake.read(SuppressionList.TABLE).where(col("request_id").equalTo("R-1")).count()).isEqualTo(identifiers);

    TestLakehouses.CliRun status = cli("erase", "--status", "R-1");
    assertThat(status.exit()).isZero();
    assertThat(status.stdout()).startsWith("request R-1 (gdpr)\n").contains("  status       completed\n")
        .containsPattern("verification clean: no trace in any file at ")
        .containsPattern("  gold\\.customer_360 +1 +[0-9]+\\n").doesNotContain(p.get("email"));
  }

  @Test
  @Order(3)
  void anInjectionAttemptIsAValueThatMatchesNothing() {
    Lakehouse lake = open();
    Map<TableName, Long> counts = new LinkedHashMap<>();
    targets(project).stream().map(ErasureTargets.Target::table).filter(lake::exists)
        .forEach(t -> counts.put(t, lake.read(t).count()));
    TestLakehouses.CliRun run = cli("erase", "--id", "user_id:x' OR '1'='1", "--request-id", "R-inject");
    assertThat(run.exit()).as(run.stdout()).isZero();
    assertThat(run.stdout()).startsWith("request R-inject: completed\n").containsPattern("  total +0 +0\n");
    Lakehouse after = open();
    counts.forEach((t, n) -> assertThat(after.read(t).count()).as(t.toString()).isEqualTo(n));
  }

  @Test
  @Order(4)
  void anErasedPersonDoesNotComeBack() throws IOException {
    Map<String, String> p = people.get(0);
    Path file = landing.resolve("crm_contacts/contacts-2026-10-09.csv");
    Files.writeString(file, "crm_id,email,phone,first_name,last_name,birth_date,street,city,postal_code,country,"
        + "updated_at,is_deleted\nCRM-999901," + p.get("email").toUpperCase(Locale.ROOT)
        + ",,Back,Again,,,,,GB,2026-10-04T10:00:00Z,false\nCRM-999902,someone.new@example.org,,New,Person,,,,,GB,"
        + "2026-10-04T10:00:00Z,false\n");
    Files.writeString(landing.resolve("consent/consent-2026-10-09.json"), "{\"consent_id\":\"CON-999901\","
        + "\"id_type\":\"Email\",\"id_value\":\" " + p.get("email").toUpperCase(Locale.ROOT) + "\",\"purpose\":"
        + "\"marketing\",\"channel\":\"email\",\"granted\":true,\"occurred_at\":\"2026-10-04T10:00:00Z\"}\n");
    runDaily();
    Lakehouse lake = open();
    assertThat(lake.read(TableName.of("bronze", "crm_contacts")).where(col("crm_id").equalTo("CRM-999901")).count())
        .isZero();
    assertThat(lake.read(TableName.of("bronze", "consent")).where(col("consent_id").equalTo("CON-999901")).count())
        .isZero();
    assertThat(lake.read(TableName.of("bronze", "crm_contacts")).where(col("crm_id").equalTo("CRM-999902")).count())
        .isOne();
    assertThat(lake.read(Subject.IDENTITY_MAP).where(col("id_value").equalTo(p.get("email"))).count()).isZero();
    Row step = lake.spark().sql("select figures from ops.step_runs where step = 'ingest_crm_contacts' "
        + "order by started_at desc limit 1").first();
    assertThat(step.<String, Long>getJavaMap(0)).containsEntry("suppressed_records", 1L);
    Row consent = lake.spark().sql("select figures from ops.step_runs where step = 'ingest_consent' "
        + "order by started_at desc limit 1").first();
    assertThat(consent.<String, Long>getJavaMap(0)).containsEntry("suppressed_records", 1L);
    // The files the erasure rewrote were not taken for changed files.
    assertThat(lake.read(TableName.of("ops", "ingested_files")).where(col("status").equalTo("changed")).count())
        .isZero();
  }

  @Test
  @Order(5)
  void aRunStoppedHalfWayFinishesWhenRunAgain() {
    Map<String, String> p = people.get(1);
    Lakehouse lake = open();
    Salts.Salt salt = new Salts(lake.env(), Map.of(), lake.spark().sparkContext().hadoopConfiguration()).forErasure();
    ErasureRequest request = new ErasureRequest("R-2", "ccpa", java.time.Instant.now(),
        List.of(IdentifierArgument.parse("phone:" + p.get("phone"), project.identity())), "test");
    AtomicInteger deleted = new AtomicInteger();
    Eraser stopping = new Eraser(lake, project, salt, Clock.systemUTC()).afterDelete(t -> {
      if (deleted.incrementAndGet() == 4) {
        throw new IllegalStateException("stopped after " + t);
      }
    });
    assertThatThrownBy(() -> stopping.erase(List.of(request), "run-stopped")).hasMessageStartingWith("stopped after ");
    Lakehouse half = open();
    assertThat(half.read(ComplianceTables.REQUESTS).where(col("request_id").equalTo("R-2")).first()
        .<String>getAs("status")).isEqualTo("in_progress");
    assertThat(half.read(Subject.IDENTITY_MAP).where(col("customer_id").equalTo(p.get("customer"))).count())
        .as("found through identity_map: deleted last").isPositive();

    TestLakehouses.CliRun again = cli("erase", "--id", "phone:" + p.get("phone"), "--request-id", "R-2",
        "--regulation", "ccpa");
    assertThat(again.exit()).as(again.stdout()).isZero();
    assertThat(again.stdout()).startsWith("request R-2: completed\n").contains("verification: clean");
    Lakehouse done = open();
    Row r = done.read(ComplianceTables.REQUESTS).where(col("request_id").equalTo("R-2")).first();
    assertThat(r.<java.sql.Timestamp>getAs("due_at").toInstant()).isEqualTo(request.receivedAt().plus(Duration.ofDays(45)).truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    assertThat(done.read(Subject.IDENTITY_MAP).where(col("customer_id").equalTo(p.get("customer"))).count()).isZero();
    assertThat(done.read(TableName.of("silver", "contacts")).where(col("phone").equalTo(p.get("phone"))).count())
        .isZero();
  }

  @Test
  @Order(6)
  void anErasureWaitsForARunThatHoldsTheLakehouse() throws Exception {
    Map<String, String> p = people.get(2);
    Lakehouse lake = open();
    RunLock daily = RunLock.acquire(lakePath.toString(), lake.spark().sparkContext().hadoopConfiguration(),
        "daily-run", "daily");
    // The daily run has not created silver.contacts yet when the erasure's session opens; it does
    // while the erasure waits for its lock.
    Path contacts = lakePath.resolve("silver/contacts");
    Path aside = lakePath.resolve("silver/.contacts-not-yet");
    Files.move(contacts, aside);
    TestLakehouses.CliRun[] result = new TestLakehouses.CliRun[1];
    Thread erase = new Thread(() -> result[0] = cli("erase", "--id", "email:" + p.get("email"), "--request-id", "R-3",
        "--wait", "5"));
    erase.start();
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    boolean waiting = false;
    while (!waiting && System.nanoTime() < deadline) {
      waiting = java.util.Arrays.stream(erase.getStackTrace()).anyMatch(f -> f.getClassName()
          .equals(RunLock.class.getName()) && f.getMethodName().equals("acquire"));
      Thread.sleep(waiting ? 0 : 100);
    }
    assertThat(waiting).as("the erasure's session opened and waits for the lock").isTrue();
    assertThat(erase.isAlive()).as("waiting for the daily run").isTrue();
    Files.move(aside, contacts);
    daily.close();
    erase.join(300_000);
    assertThat(result[0].exit()).as(result[0].stdout()).isZero();
    assertThat(result[0].stdout()).startsWith("request R-3: completed\n").containsPattern("\n  silver\\.contacts +[1-9]");
    assertThat(open().read(TableName.of("silver", "contacts")).where(col("email").equalTo(p.get("email"))).count())
        .isZero();
  }

  @Test
  @Order(7)
  void theErasureJobTakesRequestFilesFromTheIntakeAndReportsOverdueOnes() throws IOException {
    Map<String, String> p = people.get(3);
    Lakehouse lake = open();
    // A request stuck since long ago: past its deadline, not completed.
    lake.append(ComplianceTables.REQUESTS, lake.spark().createDataFrame(List.of(org.apache.spark.sql.RowFactory.create(
        "R-old", "gdpr", java.sql.Timestamp.from(java.time.Instant.parse("2026-01-01T00:00:00Z")), java.sql.Timestamp.from(java.time.Instant.parse("2026-01-31T00:00:00Z")), "in_progress", "0".repeat(64), 1, "test", java.sql.Timestamp.from(java.time.Instant.parse("2026-01-01T00:00:00Z")), null)), ComplianceTables.REQUESTS_SCHEMA));
    Path intake = landing.resolve("_erasure_requests");
    Files.createDirectories(intake);
    Files.writeString(intake.resolve("2026-11-29.csv"), "request_id,regulation,received_at,id\n"
        + "R-4,ccpa,2026-11-20T09:00:00Z,email:" + p.get("email").toUpperCase(Locale.ROOT) + "\n");
    List<String> args = new ArrayList<>(List.of("run", TestLakehouses.conf().resolve("jobs/erasure.yaml").toString()));
    args.addAll(envArgs);
    TestLakehouses.CliRun run = TestLakehouses.cli(args);
    // R-old is past its deadline: an alert, so the run exits with 4 for a scheduler to report; segments still run.
    assertThat(run.exit()).as(run.stdout()).isEqualTo(4);
    assertThat(run.stdout()).contains("request R-4: completed").contains("[2/2] segments")
        .contains("\n      alert: 1 erasure request past its deadline and not completed: R-old (gdpr, due "
            + "2026-01-31T00:00:00Z, in_progress)\n[2/2] segments")
        .containsPattern("succeeded in [0-9.]+ s, with 1 alert \\(exit code 4\\)\n$");
    assertThat(intake.resolve("2026-11-29.csv")).doesNotExist();
    Lakehouse after = open();
    Row step = after.spark().sql("select figures, rows_read from ops.step_runs where step = 'erase_requests' "
        + "order by started_at desc limit 1").first();
    assertThat(step.<String, Long>getJavaMap(0)).containsEntry("requests", 1L).containsEntry("overdue_requests", 1L)
        .containsEntry("verification_failures", 0L);
    Row r4 = after.read(ComplianceTables.REQUESTS).where(col("request_id").equalTo("R-4")).first();
    assertThat(r4.<java.sql.Timestamp>getAs("due_at").toInstant()).isEqualTo(java.time.Instant.parse(
        "2027-01-04T09:00:00Z"));
    assertThat((String) r4.getAs("origin")).isEqualTo("intake");
    assertThat(after.read(Subject.IDENTITY_MAP).where(col("customer_id").equalTo(p.get("customer"))).count()).isZero();
    assertThat(after.read(TableName.of("gold", "segment_membership")).where(col("customer_id")
        .equalTo(p.get("customer"))).count()).isZero();

    TestLakehouses.CliRun unknown = cli("erase", "--status", "R-nope");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.stdout()).isEqualTo("no erasure request R-nope in compliance.erasure_requests\n");
    TestLakehouses.CliRun old = cli("erase", "--status", "R-old");
    assertThat(old.stdout()).contains("2026-01-31T00:00:00Z   OVERDUE");

    // Every request, oldest first; the open ones; the overdue ones.
    TestLakehouses.CliRun all = cli("erase", "--status");
    assertThat(all.exit()).as(all.stdout()).isZero();
    assertThat(all.stdout().lines().map(l -> l.split(" +")[0]).toList()).startsWith("request", "R-old", "R-4")
        .contains("R-1", "R-2", "R-3", "R-inject").hasSize(7);
    assertThat(all.stdout()).containsPattern("\nR-old +gdpr +2026-01-01T00:00:00Z +2026-01-31T00:00:00Z +"
            + "in_progress OVERDUE +-\n")
        .containsPattern("\nR-4 +ccpa +2026-11-20T09:00:00Z +2027-01-04T09:00:00Z +completed +[1-9][0-9,]*\n");
    String overdueOnly = """
        request  regulation  received              deadline              state                rows erased
        R-old    gdpr        2026-01-01T00:00:00Z  2026-01-31T00:00:00Z  in_progress OVERDUE            -
        """;
    TestLakehouses.CliRun overdue = cli("erase", "--status", "--overdue");
    assertThat(overdue.exit()).isZero();
    assertThat(overdue.stdout()).isEqualTo(overdueOnly);
    TestLakehouses.CliRun open = cli("erase", "--status", "--open");
    assertThat(open.exit()).isZero();
    assertThat(open.stdout()).isEqualTo(overdueOnly);
  }

  @Test
  @Order(8)
  void aCorruptLandedFileIsReportedNotFatalAndAFileWithoutAHeaderLosesThePersonsFirstLine() throws IOException {
    Map<String, String> p = people.get(4);
    // Ingestion sets both aside: a .gz that is not gzip, and a CSV whose first line is a record, not a header.
    Files.write(landing.resolve("web_events/bad-2026-10-10.json.gz"), "not gzip at all\n".getBytes(StandardCharsets.UTF_8));
    Path headerless = landing.resolve("crm_contacts/contacts-2026-10-11.csv");
    Files.writeString(headerless, "CRM-999950," + p.get("email") + ",,Late,Comer,,,,,GB,2026-10-04T10:00:00Z,false\n"
        + "CRM-999951,someone.else@example.org,,Some,One,,,,,GB,2026-10-04T10:00:00Z,false\n");
    runDaily();
    Lakehouse lake = open();
    assertThat(lake.read(TableName.of("ops", "ingested_files")).where(col("status").equalTo("corrupt"))
        .select("file_path").as(org.apache.spark.sql.Encoders.STRING()).collectAsList())
        .anyMatch(f -> f.endsWith("bad-2026-10-10.json.gz")).anyMatch(f -> f.endsWith("contacts-2026-10-11.csv"));

    TestLakehouses.CliRun run = cli("erase", "--id", "email:" + p.get("email"), "--request-id", "R-5");
    assertThat(run.exit()).as(run.stdout()).isZero();
    assertThat(run.stdout()).startsWith("request R-5: completed\n")
        .contains("file rewritten landing/crm_contacts/contacts-2026-10-11.csv (1 records dropped)")
        .contains("  not searched: 1 files could not be read to their end (what could be read was searched); repair or remove them, then run the erasure "
            + "again to cover them\n    landing/web_events/bad-2026-10-10.json.gz (cannot be decompressed: ");
    assertThat(Files.readString(headerless)).isEqualTo(
        "CRM-999951,someone.else@example.org,,Some,One,,,,,GB,2026-10-04T10:00:00Z,false\n");
    Lakehouse after = open();
    assertThat(after.read(Subject.IDENTITY_MAP).where(col("customer_id").equalTo(p.get("customer"))).count()).isZero();
    // No reason, note or log row anywhere keeps the address.
    for (TableName t : List.of(TableName.of("ops", "quarantine"), TableName.of("ops", "ingested_files"),
        ComplianceTables.LOG, ComplianceTables.REQUESTS)) {
      assertThat(after.read(t).select(functions.lower(functions.to_json(functions.struct(col("*")))).as("j"))
          .where(col("j").contains(p.get("email"))).count()).as(t.toString()).isZero();
    }
    Row log = after.read(ComplianceTables.LOG).where(col("request_id").equalTo("R-5")).first();
    assertThat((String) log.getAs("verification")).startsWith("clean: no trace in any file; 1 files not read to "
        + "their end, what could be read was searched: landing/web_events/bad-2026-10-10.json.gz (cannot be "
        + "decompressed: ");
    assertThat(textFilesHolding(p.get("email"))).isEmpty();
  }

  /** Files and their record counts, from the lines of an erasure's output that {@code line} matches. */
  private static Map<String, Long> filesAndRecords(String stdout, String line) {
    Map<String, Long> out = new java.util.TreeMap<>();
    java.util.regex.Pattern.compile(line, java.util.regex.Pattern.MULTILINE).matcher(stdout).results()
        .forEach(m -> out.put(m.group(1), Long.parseLong(m.group(2))));
    return out;
  }

  /** Every file (hidden ones too) of the landing zone and the exports, with its content's hash. */
  private Map<Path, String> landingAndExportFiles() throws IOException {
    Map<Path, String> out = new java.util.TreeMap<>();
    for (Path root : List.of(landing, lakePath.resolveSibling("exports"))) {
      if (Files.exists(root)) {
        try (var files = Files.walk(root)) {
          for (Path f : files.filter(Files::isRegularFile).toList()) {
            out.put(f, java.util.HexFormat.of().formatHex(sha256(Files.readAllBytes(f))));
          }
        }
      }
    }
    return out;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Records dropped from export files, as the erasure reported them. */
  private static long exportLinesDropped(String stdout) {
    return java.util.regex.Pattern.compile("file rewritten exports/\\S+ \\(([0-9]+) records dropped\\)").matcher(stdout)
        .results().mapToLong(m -> Long.parseLong(m.group(1))).sum();
  }

  /** Every line of every landed file (gzip read as such), file by file. */
  private List<String> landingLines() throws IOException {
    List<String> out = new ArrayList<>();
    try (var files = Files.walk(landing)) {
      for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
          .sorted().toList()) {
        for (String line : read(f).split("\n")) {
          if (!line.isEmpty()) {
            out.add(line);
          }
        }
      }
    }
    return out;
  }

  private static String read(Path f) throws IOException {
    try (InputStream in = Files.newInputStream(f)) {
      InputStream s = f.toString().endsWith(".gz") ? new GZIPInputStream(in) : in;
      return new String(s.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.util.zip.ZipException notGzip) {
      return new String(Files.readAllBytes(f), StandardCharsets.UTF_8); // the corrupt file a test landed
    }
  }

  /** Every text file of the lakehouse, landing zone and exports that holds {@code text}. */
  private List<Path> textFilesHolding(String text) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path root : List.of(lakePath, landing, lakePath.resolveSibling("exports"))) {
      if (!Files.exists(root)) {
        continue;
      }
      try (var files = Files.walk(root)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          String name = f.getFileName().toString();
          if (name.endsWith(".json") || name.endsWith(".csv") || name.endsWith(".gz") || name.endsWith(".crc")
              && !name.startsWith(".") || name.endsWith(".avro")) {
            if (read(f).toLowerCase(Locale.ROOT).contains(text)) {
              out.add(f);
            }
          }
        }
      }
    }
    return out;
  }

  /** The change-data files (cdc actions) a Delta table's log records, relative to the table. */
  private static List<String> changeFiles(Path table) throws IOException {
    List<String> out = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    try (var logs = Files.list(table.resolve("_delta_log"))) {
      for (Path log : logs.filter(f -> f.getFileName().toString().matches("[0-9]+\\.json")).toList()) {
        for (String line : Files.readAllLines(log)) {
          JsonNode cdc = json.readTree(line).path("cdc");
          if (!cdc.isMissingNode()) {
            out.add(java.net.URLDecoder.decode(cdc.path("path").asText(), StandardCharsets.UTF_8));
          }
        }
      }
    }
    return out;
  }

  /** Parquet files under the lakehouse any of whose rows holds {@code text}, read folder by folder. */
  private List<String> parquetFilesHolding(Lakehouse lake, String text) throws IOException {
    Map<Path, List<String>> byFolder = new LinkedHashMap<>();
    try (var files = Files.walk(lakePath)) {
      files.filter(f -> f.getFileName().toString().endsWith(".parquet"))
          .forEach(f -> byFolder.computeIfAbsent(f.getParent(), k -> new ArrayList<>()).add(f.toString()));
    }
    List<String> out = new ArrayList<>();
    for (List<String> group : byFolder.values()) {
      Dataset<Row> rows = lake.spark().read().option("mergeSchema", "true").parquet(group.toArray(String[]::new));
      for (Row r : rows.select(functions.lower(functions.to_json(functions.struct(col("*")))).as("j"),
          col("_metadata.file_path").as("f")).where(col("j").contains(text)).select("f").distinct().collectAsList()) {
        out.add(r.getString(0));
      }
    }
    return out;
  }
}
