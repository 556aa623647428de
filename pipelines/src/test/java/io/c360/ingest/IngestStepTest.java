package io.c360.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.c360.config.IdentifierTypes;
import io.c360.config.SourceConfig;
import io.c360.job.RunContext;
import io.c360.job.StepResult;
import io.c360.lake.Lakehouse;
import io.c360.testing.TestLakehouses;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingestion of real bad inputs: every record lands in bronze or quarantine, once. The class shares
 * the session and conf/; each method has its own folder (landing zone, sources, lakehouses).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestStepTest {
  @TempDir
  Path root;

  /** This method's own folder under {@link #root}. */
  private Path dir;
  private io.c360.config.Project project;

  private int batches;

  @BeforeAll
  void loadConf() {
    project = io.c360.config.Project.load(TestLakehouses.conf());
  }

  @BeforeEach
  void ownFolder(TestInfo test) {
    dir = root.resolve(test.getTestMethod().orElseThrow().getName());
    batches = 0;
  }

  private static final IdentifierTypes TYPES = new IdentifierTypes(List.of("user_id", "email", "anonymous_id"));

  private SourceConfig source(String name, String yaml) throws IOException {
    Path file = dir.resolve("conf/sources/" + name + ".yaml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, yaml);
    return SourceConfig.load(file, TYPES);
  }

  private SourceConfig events() throws IOException {
    return source("events", """
        kind: events
        path: events
        key: messageId
        observed-at: timestamp
        required: [messageId, type, timestamp]
        max-record-bytes: 2000
        """);
  }

  private Lakehouse lake(String name) {
    return TestLakehouses.open(dir.resolve("landing"), dir.resolve(name), TestLakehouses.newCatalog(), List.of(),
        project);
  }

  private StepResult ingest(Lakehouse lake, SourceConfig source) {
    batches++;
    return new IngestStep(lake, source, io.c360.privacy.SuppressionList.load(lake, java.util.Optional::empty)).apply(new RunContext("run" + batches, batches, Instant.now()));
  }

  private static String event(String id, String type) {
    return "{\"messageId\":\"" + id + "\",\"type\":\"" + type + "\",\"timestamp\":\"2026-10-01T10:00:00.000Z\","
        + "\"anonymousId\":\"a-" + id + "\",\"context\":{\"ip\":\"10.0.0.1\"}}";
  }

  private Path land(String relative, byte[] bytes) throws IOException {
    Path p = dir.resolve("landing").resolve(relative);
    Files.createDirectories(p.getParent());
    Files.write(p, bytes);
    return p;
  }

  private static byte[] fixture(String name) throws IOException {
    try (var in = IngestStepTest.class.getResourceAsStream("/ingest/" + name)) {
      return java.util.Objects.requireNonNull(in, name).readAllBytes();
    }
  }

  private static byte[] lines(String... lines) {
    return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  private Map<String, Long> quarantineReasons(Lakehouse lake) {
    Map<String, Long> out = new TreeMap<>();
    for (Row r : lake.read(OpsTables.QUARANTINE).groupBy("reason").count().collectAsList()) {
      out.put(r.getString(0), r.getLong(1));
    }
    return out;
  }

  @Test
  void aMissingLandingFolderIsAWarningAndAFigureNotASilentReadOfNothing() throws IOException {
    SourceConfig source = source("orders", """
        kind: csv
        path: orderz
        key: order_id
        schema: {order_id: string}
        options: {header: "true"}
        """);
    Lakehouse lake = lake("lake");
    StepResult result = ingest(lake, source);

    String folder = lake.env().landing() + "/orderz";
    assertThat(result.rowsRead()).isZero();
    assertThat(result.figures()).containsEntry("landing_folder_missing", 1L);
    assertThat(result.warnings()).containsExactly("source orders: landing folder " + folder
        + " does not exist; no files read (see path in " + source.origin() + " and paths.landing)");

    land("orderz/o.csv", lines("order_id", "o1"));
    StepResult found = ingest(lake, source);
    assertThat(found.rowsWritten()).isEqualTo(1);
    assertThat(found.figures()).doesNotContainKey("landing_folder_missing");
    assertThat(found.warnings()).isEmpty();
  }

  @Test
  void badEventLinesAreQuarantinedWithTheirReasonAndGoodOnesKept() throws IOException {
    SourceConfig source = events();
    land("events/day1/good.json.gz", gzip(lines(event("m1", "track"), event("m2", "page"), event("m3", "identify"))));
    land("events/day1/bad events.json", fixture("bad-events.json"));
    byte[] whole = gzip(lines(event("m11", "track"), event("m12", "track"), event("m13", "track")));
    land("events/day1/truncated.json.gz", Arrays.copyOf(whole, whole.length - 12));

    Lakehouse lake = lake("lake");
    StepResult result = ingest(lake, source);

    assertThat(lake.read(source.table()).select("messageId").orderBy("messageId").as(
        org.apache.spark.sql.Encoders.STRING()).collectAsList()).containsExactly("m1", "m10", "m2", "m3", "m4");
    assertThat(quarantineReasons(lake)).containsExactlyEntriesOf(new TreeMap<>(Map.ofEntries(
        Map.entry("a JSON array, expected one JSON object per line", 1L),
        Map.entry("malformed JSON", 1L),
        Map.entry("malformed JSON: single quotes where JSON needs double quotes", 1L),
        Map.entry("malformed JSON: more after the object on the same line", 1L),
        Map.entry("malformed JSON: a key appears twice in one object", 1L),
        Map.entry("unknown event type: launch", 1L),
        Map.entry("missing required field: messageId", 1L),
        Map.entry("a field does not have its declared type", 1L),
        Map.entry("record over the size limit (3075 bytes, limit 2000)", 1L),
        Map.entry("invalid UTF-8 encoding", 1L),
        Map.entry("timestamp is not an ISO-8601 time: yesterday", 1L),
        Map.entry("an empty line", 1L),
        Map.entry("truncated gzip: the file ends before its compressed data does (the whole file, whose lines cannot be read one"
            + " by one; it stays in the landing zone)", 1L))));
    // The drifted field is kept in _raw; the original text of each bad line is in quarantine.
    assertThat(lake.read(source.table()).where(col("messageId").equalTo("m10")).first().<String>getAs("_raw"))
        .contains("\"newField\":{\"n\":1}");
    assertThat(lake.read(OpsTables.QUARANTINE).where(col("reason").equalTo("unknown event type: launch"))
        .first().<String>getAs("record")).isEqualTo(event("m7", "launch"));
    assertThat(result.rowsRead()).isEqualTo(18);
    assertThat(result.rowsWritten()).isEqualTo(5);
    assertThat(result.rowsRejected()).isEqualTo(13);
    assertThat(result.figures()).containsEntry("files", 2L).containsEntry("files_corrupt", 1L);
    Dataset<Row> ledger = lake.read(OpsTables.INGESTED_FILES).where(col("status").equalTo("committed"));
    // A space in the name: Spark's file path column is URL-encoded, the listing is not; counts still match.
    assertThat(ledger.where(col("file_path").endsWith("bad events.json")).first().<Long>getAs("rows_read")).isEqualTo(14);
    assertThat(ledger.where(col("file_path").endsWith("bad events.json")).first().<Long>getAs("rows_quarantined"))
        .isEqualTo(12);
  }

  @Test
  void aGzipWhoseDataIsCorruptIsSetAsideAndTheRestOfTheBatchRead() throws IOException {
    SourceConfig source = events();
    land("events/good.json.gz", gzip(lines(event("m1", "track"), event("m2", "page"))));
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      many.append(event("c" + i, "track")).append('\n');
    }
    byte[] corrupt = gzip(many.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    for (int i = corrupt.length / 3; i < corrupt.length / 3 + 64; i++) {
      corrupt[i] = (byte) ~corrupt[i]; // damaged in transit: the length is right, the data is not
    }
    land("events/damaged.json.gz", corrupt);

    Lakehouse lake = lake("lake");
    StepResult result = ingest(lake, source);

    assertThat(lake.read(source.table()).select("messageId").orderBy("messageId").as(
        org.apache.spark.sql.Encoders.STRING()).collectAsList()).containsExactly("m1", "m2");
    assertThat(quarantineReasons(lake).keySet()).singleElement().asString().startsWith("corrupt gzip: ")
        .endsWith("(the whole file, whose lines cannot be read one by one; it stays in the landing zone)");
    assertThat(result.figures()).containsEntry("files", 1L).containsEntry("files_corrupt", 1L);
  }

  @Test
  void csvRowsThatDoNotFitTheSchemaAreQuarantined() throws IOException {
    SourceConfig crm = source("crm", """
        kind: csv
        path: crm
        key: crm_id
        observed-at: updated_at
        schema:
          crm_id: string
          email: string
          birth_date: date
          updated_at: timestamp
        options: {dateFormat: yyyy-MM-dd}
        required: [crm_id]
        """);
    land("crm/renamed.csv", lines("crm_id,e_mail,birth_date,updated_at", "C9,z@x.com,1980-02-01,2026-10-01T10:00:00Z"));
    land("crm/export.csv", fixture("crm-export.csv"));

    Lakehouse lake = lake("lake");
    StepResult result = ingest(lake, crm);

    assertThat(lake.read(crm.table()).select("crm_id").orderBy("crm_id").as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList()).containsExactly("C1", "C2");
    String malformed = "malformed record: does not match the declared schema (crm_id, email, birth_date, updated_at)";
    String header = "CSV header does not match the declared schema: expected crm_id,email,birth_date,updated_at; found"
        + " 4 columns, the first that differs is column 2 (the whole file; it stays in the landing zone)";
    assertThat(quarantineReasons(lake)).containsExactlyEntriesOf(new TreeMap<>(Map.of(
        malformed, 1L, "birth_date: not a date in the format yyyy-MM-dd", 1L, "missing required field: crm_id", 1L,
        header, 2L)));
    assertThat(lake.read(OpsTables.QUARANTINE).where(col("record").contains("06/05/1982")).count()).isEqualTo(1);
    // Each line of the file with the wrong header is quarantined, the header line too: 2 + 5 lines in.
    assertThat(lake.read(OpsTables.QUARANTINE).where(col("reason").equalTo(header)).orderBy("record")
        .select("record").as(org.apache.spark.sql.Encoders.STRING()).collectAsList())
        .containsExactly("C9,z@x.com,1980-02-01,2026-10-01T10:00:00Z", "crm_id,e_mail,birth_date,updated_at");
    assertThat(result.rowsRead()).isEqualTo(7);
    assertThat(result.rowsRead()).isEqualTo(result.rowsWritten() + result.rowsRejected());
    assertThat(result.figures()).containsEntry("files_corrupt", 1L);
  }

  private SourceConfig orders() throws IOException {
    return orders("*.csv*");
  }

  private SourceConfig orders(String files) throws IOException {
    return source("orders", """
        kind: csv
        path: orders
        files: "%s"
        key: order_id
        observed-at: ordered_at
        schema:
          order_id: string
          email: string
          amount: decimal(12,2)
          quantity: int
          ordered_at: timestamp
        required: [order_id]
        max-record-bytes: 200
        """.formatted(files));
  }

  @Test
  void gzippedVariantsOfASourcesFilesAreReadAndOtherFilesReported() throws IOException {
    SourceConfig orders = orders("*.csv");
    String header = "order_id,email,amount,quantity,ordered_at";
    land("orders/day1.csv", lines(header, "O1,a@x.com,1.00,1,2026-10-01T10:00:00Z"));
    land("orders/day2.csv.gz", gzip(lines(header, "O2,b@x.com,2.00,1,2026-10-02T10:00:00Z",
        "O3,c@x.com,3.00,1,2026-10-02T11:00:00Z")));
    byte[] whole = gzip(lines(header, "O4,d@x.com,4.00,1,2026-10-03T10:00:00Z"));
    land("orders/orders-trunc.csv.gz", Arrays.copyOf(whole, whole.length - 12));
    land("orders/day5.csv.bz2", "BZh91AY&SY not read".getBytes(StandardCharsets.UTF_8));
    land("orders/day6.CSV", lines(header, "O6,f@x.com,6.00,1,2026-10-06T10:00:00Z"));
    land("orders/notes.txt", lines("exported by the shop"));

    Lakehouse lake = lake("lake");
    StepResult result = ingest(lake, orders);

    assertThat(lake.read(orders.table()).select("order_id").orderBy("order_id")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList()).containsExactly("O1", "O2", "O3");
    String unreadable = " (the whole file, whose lines cannot be read one by one; it stays in the landing zone)";
    assertThat(quarantineReasons(lake)).containsExactlyEntriesOf(new TreeMap<>(Map.of(
        "truncated gzip: the file ends before its compressed data does" + unreadable, 1L,
        "compressed as .bz2, which is not read: land it uncompressed or gzip-compressed (.gz)" + unreadable, 1L)));
    assertThat(result.figures()).containsEntry("files", 2L).containsEntry("files_corrupt", 2L)
        .containsEntry("files_not_matched", 2L);
    assertThat(result.rowsRead()).isEqualTo(result.rowsWritten() + result.rowsRejected());
    assertThat(result.rowsRejected()).isEqualTo(2);
  }

  @Test
  void csvValuesThatDoNotParseExactlyAreQuarantinedWithTheirLine() throws IOException {
    SourceConfig orders = orders();
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.writeBytes(lines("order_id,email,amount,quantity,ordered_at",
        "O1,a@x.com,12.50,1,2026-10-01T10:00:00Z",
        "O2,b@x.com,\"12,50\",1,2026-10-01T10:00:00Z",
        "O3,c@x.com,12.345,1,2026-10-01T10:00:00Z",
        "O4,d@x.com,,,2026-10-01T10:00:00Z",
        "O5,e@x.com,7,\"1,000\",2026-10-01T10:00:00Z",
        "O6,f@x.com,7,1,yesterday",
        "O9,i@x.com,7,1.5,2026-10-01T10:00:00Z",
        "O7," + "g".repeat(300) + "@x.com,7,1,2026-10-01T10:00:00Z"));
    file.writeBytes("O8,h".getBytes(StandardCharsets.UTF_8));
    file.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28});
    file.writeBytes(lines("@x.com,7,1,2026-10-01T10:00:00Z"));
    land("orders/day1.csv", file.toByteArray());

    Lakehouse lake = lake("lake");
    StepResult result = ingest(lake, orders);

    List<Row> bronze = lake.read(orders.table()).orderBy("order_id").collectAsList();
    assertThat(bronze).extracting(r -> r.getString(0)).containsExactly("O1", "O4");
    assertThat(bronze.get(0).<java.math.BigDecimal>getAs("amount")).isEqualByComparingTo("12.50");
    assertThat(bronze.get(1).<java.math.BigDecimal>getAs("amount")).isNull();
    assertThat(quarantineReasons(lake)).containsExactlyEntriesOf(new TreeMap<>(Map.of(
        "amount: not a decimal(12,2)", 2L,
        "quantity: not an int", 2L,
        "ordered_at: not a timestamp", 1L,
        "record over the size limit (334 bytes, limit 200)", 1L,
        "invalid UTF-8 encoding", 1L)));
    // The line's values are in the quarantined record, not in the reason.
    assertThat(lake.read(OpsTables.QUARANTINE).where(col("record").contains("\"amount\":\"12,50\"")).count())
        .isEqualTo(1);
    assertThat(result.rowsRead()).isEqualTo(9);
    assertThat(result.rowsWritten()).isEqualTo(2);
    assertThat(result.rowsRejected()).isEqualTo(7);
  }

  @Test
  void reRunsAddNothingDuplicatesAreSkippedAndChangedFilesReported() throws IOException {
    SourceConfig source = events();
    land("events/a.json", lines(event("m1", "track"), event("m2", "track")));
    Lakehouse lake = lake("lake");
    ingest(lake, source);

    StepResult again = ingest(lake, source);
    assertThat(again.rowsRead()).isZero();
    assertThat(again.figures()).containsEntry("files_already_ingested", 1L);

    land("events/copy-of-a.json", lines(event("m1", "track"), event("m2", "track")));
    Path a = land("events/a.json", lines(event("m1", "track"), event("m2", "track"), event("m3", "track")));
    land("events/b[1] {x}.json", lines(event("m4", "track"))); // glob characters in a name are literal
    StepResult third = ingest(lake, source);

    assertThat(third.figures()).containsEntry("files", 1L).containsEntry("files_duplicate", 1L)
        .containsEntry("files_changed", 1L);
    assertThat(lake.read(source.table()).count()).isEqualTo(3);
    assertThat(lake.read(OpsTables.INGESTED_FILES).where(col("status").equalTo("changed")).first()
        .<String>getAs("file_path")).endsWith(a.getFileName().toString());
    assertThat(ingest(lake, source).figures()).containsEntry("files_changed", 0L).containsEntry("files", 0L);
  }

  @Test
  void withReingestAChangedFileReplacesItsRowsAndItsQuarantinedRecords() throws IOException {
    SourceConfig report = events();
    String name = "events/b[1] {x}.json"; // a name Spark's metadata column spells URL-encoded
    land(name, lines(event("m1", "track"), event("m2", "track"), "not json"));
    land("events/other.json", lines(event("m9", "track")));
    Lakehouse lake = lake("lake");
    ingest(lake, report);
    land(name, lines(event("m1", "identify"), event("m3", "track"), "{\"messageId\":\"m4\"}"));
    assertThat(ingest(lake, report).figures()).as("report: not read").containsEntry("files_changed", 1L);

    SourceConfig reingest = source("events", """
        kind: events
        path: events
        key: messageId
        observed-at: timestamp
        required: [messageId, type, timestamp]
        on-change: reingest
        """);
    StepResult result = ingest(lake, reingest);

    assertThat(result.figures()).containsEntry("files_reingested", 1L).containsEntry("files", 1L);
    assertThat(result.rowsRead()).isEqualTo(3);
    assertThat(lake.read(reingest.table()).orderBy("messageId").selectExpr("messageId", "type", "_batch_id")
        .collectAsList()).extracting(Row::toString)
        .containsExactly("[m1,identify," + batches + "]", "[m3,track," + batches + "]", "[m9,track,1]");
    assertThat(lake.read(OpsTables.QUARANTINE).select("record", "batch_id").collectAsList())
        .extracting(Row::toString).as("the old version's bad line went with its rows")
        .containsExactly("[{\"messageId\":\"m4\"}," + batches + "]");
    Row entry = lake.read(OpsTables.INGESTED_FILES).orderBy(col("batch_id").desc()).first();
    assertThat(entry.<String>getAs("status")).isEqualTo("committed");
    assertThat(entry.<String>getAs("note")).isEqualTo("content changed after it was ingested; its rows were replaced");
    assertThat(ingest(lake, reingest).figures()).as("then left alone").containsEntry("files_reingested", 0L)
        .containsEntry("files", 0L);
  }

  @Test
  void aRecordAReingestedFileNoLongerHoldsLeavesTheModelsThatReadTheSource() throws IOException {
    SourceConfig orders = source("orders",
        Files.readString(TestLakehouses.conf().resolve("sources/orders.yaml")) + "on-change: reingest\n");
    String header = "order_id,user_id,email,status,currency,total_amount,ordered_at,updated_at";
    land("orders/day1.csv", lines(header,
        "O1,u1,a@x.com,placed,GBP,10.00,2026-10-01T10:00:00Z,2026-10-01T10:00:00Z",
        "O2,u2,b@x.com,placed,GBP,20.00,2026-10-01T11:00:00Z,2026-10-01T11:00:00Z"));
    land("orders/day2.csv", lines(header, "O3,u3,c@x.com,placed,GBP,30.00,2026-10-02T10:00:00Z,2026-10-02T10:00:00Z"));
    Lakehouse lake = lake("lake");
    ingest(lake, orders);
    silverOrders(lake);
    String state = "select order_id, status from silver.orders order by order_id";
    assertThat(rows(lake, state)).containsExactly("O1|placed", "O2|placed", "O3|placed");

    // The shop exports day 1 again: O1 paid, O2 gone (a test order it purged).
    land("orders/day1.csv", lines(header, "O1,u1,a@x.com,paid,GBP,10.00,2026-10-01T10:00:00Z,2026-10-01T12:00:00Z"));
    assertThat(ingest(lake, orders).figures()).containsEntry("files_reingested", 1L);
    assertThat(rows(lake, "select model, strategy, is_full_refresh, rows_in, rows_in_table from ops.model_runs "
        + "where model = 'bronze.orders'")).containsExactly("bronze.orders|reingest|true|1|2");
    silverOrders(lake);

    assertThat(rows(lake, state)).containsExactly("O1|paid", "O3|placed");
    land("orders/day3.csv", lines(header, "O4,u4,d@x.com,placed,GBP,40.00,2026-10-03T10:00:00Z,2026-10-03T10:00:00Z"));
    ingest(lake, orders);
    silverOrders(lake);
    assertThat(rows(lake, state)).containsExactly("O1|paid", "O3|placed", "O4|placed");
    assertThat(rows(lake, "select is_full_refresh from ops.model_runs where model = 'silver.orders' "
        + "order by recorded_at")).as("rebuilt once after the reingest, then merged").containsExactly(
            "true", "true", "false");
  }

  private void silverOrders(Lakehouse lake) {
    new io.c360.model.ModelStep(lake, io.c360.config.Models.onClasspath(), "silver/orders", project.identity().email(),
        project.sources().values()).apply(new RunContext("model" + batches, 100 + batches, Instant.now()));
  }

  private static List<String> rows(Lakehouse lake, String sql) {
    return lake.spark().sql(sql).collectAsList().stream().map(r -> r.mkString("|")).toList();
  }

  @Test
  void aRunKilledMidWayEndsWithTheSameBronzeAsAnUninterruptedOne() throws IOException {
    SourceConfig source = events();
    land("events/a.json", lines(event("m1", "track"), event("m2", "track"), "not json"));
    land("events/b.json", lines(event("m3", "track")));
    byte[] whole = gzip(lines(event("m4", "track"), event("m5", "track")));
    land("events/cut.json.gz", Arrays.copyOf(whole, whole.length - 10));
    Lakehouse clean = lake("clean");
    ingest(clean, source);
    List<Row> expected = comparable(clean.read(source.table()));
    long expectedQuarantine = clean.read(OpsTables.QUARANTINE).count();
    Dataset<Row> someBronze = clean.read(source.table()).limit(2).withColumn("_batch_id", lit(777L)).localCheckpoint();
    Dataset<Row> allQuarantine = clean.read(OpsTables.QUARANTINE).withColumn("batch_id", lit(777L)).localCheckpoint();

    // What a run killed after its bronze append leaves: files pending, some of their rows written.
    Lakehouse killed = lake("killed");
    Ledger ledger = new Ledger(killed, source.name());
    var files = LandingFiles.list(killed.env().landing(), source, killed.spark().sparkContext().hadoopConfiguration());
    ledger.record(files.stream().map(f -> new Ledger.Entry(f, IngestPlan.PENDING, null, null, null, null)).toList(),
        777L, "killed-run");
    killed.append(source.table(), someBronze);
    killed.append(OpsTables.QUARANTINE, allQuarantine);

    StepResult recovered = ingest(killed, source);

    assertThat(recovered.rowsRead()).isEqualTo(5);
    assertThat(expectedQuarantine).isEqualTo(2);
    assertThat(comparable(killed.read(source.table()))).containsExactlyElementsOf(expected);
    assertThat(killed.read(OpsTables.QUARANTINE).count()).isEqualTo(expectedQuarantine);
    assertThat(killed.read(source.table()).where(col("_batch_id").equalTo(777L)).count()).isZero();
  }

  private static List<Row> comparable(Dataset<Row> bronze) {
    return bronze.drop("_batch_id", "_ingested_at", "_source_file").orderBy("messageId").collectAsList();
  }

  @Test
  void debeziumChangesAreKeptInCommitOrderWithTheirOperation() throws IOException {
    SourceConfig cdc = source("orders_cdc", """
        kind: cdc
        path: cdc
        key: order_id
        observed-at: updated_at
        schema:
          order_id: string
          email: string
          status: string
          total_amount: decimal(12,2)
          updated_at: timestamp
        required: [order_id]
        identifiers: {email: email}
        """);
    String created = "{\"order_id\":\"o1\",\"email\":\"a@x.com\",\"status\":\"created\",\"total_amount\":10.5,"
        + "\"updated_at\":\"2026-10-01T10:00:00Z\"}";
    String completed = created.replace("created", "completed").replace("10:00:00", "11:00:00");
    String o2 = created.replace("o1", "o2");
    land("cdc/orders.json", lines(
        "{\"schema\":{\"type\":\"struct\"},\"payload\":{\"before\":null,\"after\":" + created
            + ",\"source\":{\"ts_ms\":1000,\"lsn\":10},\"op\":\"c\",\"ts_ms\":1001}}",
        "{\"before\":" + created + ",\"after\":" + completed + ",\"source\":{\"ts_ms\":2000,\"lsn\":20},\"op\":\"u\"}",
        "{\"before\":" + completed + ",\"after\":null,\"source\":{\"ts_ms\":3000,\"lsn\":30},\"op\":\"d\"}",
        "{\"before\":null,\"after\":" + o2 + ",\"source\":{\"ts_ms\":500,\"lsn\":5},\"op\":\"r\"}",
        "{\"before\":null,\"after\":" + o2 + ",\"source\":{\"ts_ms\":600,\"lsn\":6},\"op\":\"x\"}",
        "{\"before\":" + o2 + ",\"after\":null,\"source\":{\"ts_ms\":700,\"lsn\":7},\"op\":\"u\"}",
        "{\"before\":null,\"after\":null,\"source\":{\"ts_ms\":800,\"lsn\":8},\"op\":\"d\"}"));
    Lakehouse lake = lake("lake");

    StepResult result = ingest(lake, cdc);

    List<Row> changes = lake.read(cdc.table()).orderBy("_change_lsn")
        .select("order_id", "_change_op", "status", "_change_lsn", "_before.status").collectAsList();
    assertThat(changes).extracting(Row::toString).containsExactly(
        "[o2,r,created,5,null]", "[o1,c,created,10,null]", "[o1,u,completed,20,created]",
        "[o1,d,completed,30,completed]");
    assertThat(quarantineReasons(lake)).containsExactlyEntriesOf(new TreeMap<>(Map.of(
        "unknown change operation: x", 1L,
        "a change without the row after it", 1L,
        "a delete without the row before it", 1L)));
    assertThat(result.rowsRead()).isEqualTo(7);
    assertThat(lake.read(cdc.table()).where(col("_change_op").equalTo("c")).first().<java.math.BigDecimal>getAs(
        "total_amount")).isEqualByComparingTo("10.50");
  }

  @Test
  void debeziumEncodingsAreReadAsTheMessagesSchemaSays() throws IOException {
    SourceConfig cdc = source("orders_db", """
        kind: cdc
        path: db
        key: order_id
        observed-at: updated_at
        schema:
          order_id: string
          total_amount: decimal(12,2)
          ordered_on: date
          updated_at: timestamp
        required: [order_id]
        """);
    // As Debezium's JSON converter writes a PostgreSQL row with its defaults: NUMERIC(12,2) as the
    // base64 of its unscaled bytes (1050 -> 10.50), TIMESTAMP as epoch microseconds, DATE as epoch days.
    String schema = "{\"type\":\"struct\",\"fields\":[{\"type\":\"struct\",\"field\":\"after\",\"fields\":["
        + "{\"type\":\"string\",\"field\":\"order_id\"},"
        + "{\"type\":\"bytes\",\"name\":\"org.apache.kafka.connect.data.Decimal\",\"parameters\":{\"scale\":\"2\"},"
        + "\"field\":\"total_amount\"},"
        + "{\"type\":\"int32\",\"name\":\"io.debezium.time.Date\",\"field\":\"ordered_on\"},"
        + "{\"type\":\"int64\",\"name\":\"io.debezium.time.MicroTimestamp\",\"field\":\"updated_at\"}]}]}";
    land("db/changes.json", lines(
        "{\"schema\":" + schema + ",\"payload\":{\"before\":null,\"after\":{\"order_id\":\"o1\","
            + "\"total_amount\":\"BBo=\",\"ordered_on\":20727,\"updated_at\":1790848800123456},"
            + "\"source\":{\"ts_ms\":1000,\"lsn\":10},\"op\":\"c\"}}",
        // payload only (schemas.enable=false), the decimal as text and a ZonedTimestamp
        "{\"before\":null,\"after\":{\"order_id\":\"o2\",\"total_amount\":\"7.5\",\"ordered_on\":\"2026-10-02\","
            + "\"updated_at\":\"2026-10-02T12:00:00+02:00\"},\"source\":{\"ts_ms\":2000,\"lsn\":20},\"op\":\"c\"}",
        "{\"before\":null,\"after\":{\"order_id\":\"o3\",\"total_amount\":\"12,50\",\"ordered_on\":20727,"
            + "\"updated_at\":1790848800123},\"source\":{\"ts_ms\":3000,\"lsn\":30},\"op\":\"c\"}",
        // The source blocks of Debezium's MySQL and SQL Server connectors, as their documentation shows them.
        "{\"before\":null,\"after\":{\"order_id\":\"o4\",\"total_amount\":\"1.00\",\"ordered_on\":20727,"
            + "\"updated_at\":1790848800123},\"source\":{\"connector\":\"mysql\",\"ts_ms\":4000,"
            + "\"file\":\"mysql-bin.000003\",\"pos\":154,\"row\":0,\"server_id\":223344},\"op\":\"c\"}",
        "{\"before\":null,\"after\":{\"order_id\":\"o5\",\"total_amount\":\"2.00\",\"ordered_on\":20727,"
            + "\"updated_at\":1790848800123},\"source\":{\"connector\":\"sqlserver\",\"ts_ms\":5000,"
            + "\"change_lsn\":\"00000027:00000758:0003\",\"commit_lsn\":\"00000027:00000758:0005\","
            + "\"event_serial_no\":\"1\"},\"op\":\"c\"}",
        "{\"before\":null,\"after\":{\"order_id\":\"o6\",\"total_amount\":\"3.00\",\"ordered_on\":20727,"
            + "\"updated_at\":1790848800123},\"source\":{\"connector\":\"sqlserver\",\"ts_ms\":6000,"
            + "\"commit_lsn\":\"27:758:5\"},\"op\":\"c\"}"));
    Lakehouse lake = lake("lake");

    StepResult result = ingest(lake, cdc);

    assertThat(lake.read(cdc.table()).orderBy("order_id").selectExpr("order_id", "cast(total_amount as string)",
        "cast(ordered_on as string)", "cast(updated_at as string)").collectAsList()).extracting(Row::toString)
        .containsExactly("[o1,10.50,2026-10-01,2026-10-01 10:00:00.123456]",
            "[o2,7.50,2026-10-02,2026-10-02 10:00:00]", "[o4,1.00,2026-10-01,2026-10-01 10:00:00.123]",
            "[o5,2.00,2026-10-01,2026-10-01 10:00:00.123]");
    assertThat(lake.read(cdc.table()).orderBy("order_id").selectExpr("order_id", "_change_lsn", "_change_position")
        .collectAsList()).extracting(Row::toString).containsExactly(
            "[o1,10,000000000000000a]", "[o2,20,0000000000000014]",
            "[o4,null,mysql-bin.0000000003:000000000000009a:00000000]",
            "[o5,null,00000027:00000758:0005/00000027:00000758:0003/0000000001]");
    assertThat(quarantineReasons(lake)).containsOnly(
        Map.entry("total_amount: not a decimal(12,2) in a Debezium encoding", 1L),
        Map.entry("source.commit_lsn: not a SQL Server LSN (00000027:00000758:0005)", 1L));
    assertThat(result.rowsRead()).isEqualTo(6);
  }

  @Test
  void recordsOfErasedPeopleAreDroppedAtTheDoorAndCounted() throws IOException {
    SourceConfig crm = source("crm", """
        kind: csv
        path: crm
        key: crm_id
        observed-at: updated_at
        schema: {crm_id: string, email: string, updated_at: timestamp}
        identifiers: {email: email}
        """);
    land("crm/export.csv", lines("crm_id,email,updated_at",
        "C1, Erased.Person@X.com ,2026-10-01T10:00:00Z",
        "C2,kept@x.com,2026-10-01T10:00:00Z",
        "C3,erased.person@x.com,not a time",
        "C4,other@x.com,not a time"));
    Lakehouse lake = lake("lake");
    lake.append(io.c360.privacy.SuppressionList.TABLE, lake.spark().createDataFrame(List.of(
        org.apache.spark.sql.RowFactory.create("email",
            io.c360.privacy.SuppressionHash.of("test-salt", "email", "erased.person@x.com"), "R1",
            java.sql.Timestamp.from(Instant.now()))), io.c360.privacy.SuppressionList.SCHEMA));

    assertThatThrownBy(() -> new IngestStep(lake, crm,
        io.c360.privacy.SuppressionList.load(lake, java.util.Optional::empty)))
        .hasMessage("compliance.suppression holds 1 erased identifiers but C360_SUPPRESSION_SALT is not set and the "
            + "lakehouse has no salt of its own, so ingestion cannot keep erased people out; set it to the salt the "
            + "erasures used");

    batches++;
    StepResult result = new IngestStep(lake, crm,
        io.c360.privacy.SuppressionList.load(lake, () -> java.util.Optional.of("test-salt")))
        .apply(new RunContext("run" + batches, batches, Instant.now()));

    assertThat(lake.read(crm.table()).select("crm_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList())
        .containsExactly("C2");
    // An erased person's record is dropped even when it is malformed (its e-mail still parsed);
    // other malformed records are quarantined as usual.
    assertThat(lake.read(OpsTables.QUARANTINE).select("record").as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList()).singleElement().asString().contains("C4").doesNotContain("erased");
    assertThat(result.figures()).containsEntry("suppressed_records", 2L);
    assertThat(result.rowsRead()).isEqualTo(4);
    assertThat(result.rowsWritten()).isEqualTo(1);
    assertThat(lake.read(OpsTables.INGESTED_FILES).where(col("status").equalTo("committed")).first()
        .<String>getAs("note")).isEqualTo("2 records of erased people dropped");
  }

  @Test
  void newEventFieldsBecomeColumnsWhereConfigured() throws IOException {
    SourceConfig source = source("events", """
        kind: events
        path: events
        key: messageId
        observed-at: timestamp
        evolve-schema: true
        """);
    String withNew = event("m1", "track").replace("}}", "},\"plan\":\"pro\",\"cart\":{\"items\":2},\"bad key\":1}");
    land("events/a.json", lines(withNew, event("m2", "track")));
    Lakehouse lake = lake("lake");
    ingest(lake, source);
    land("events/b.json", lines(event("m3", "track")));
    ingest(lake, source);

    List<Row> rows = lake.read(source.table()).orderBy("messageId").select("messageId", "plan", "cart").collectAsList();
    assertThat(rows).extracting(Row::toString)
        .containsExactly("[m1,pro,{\"items\":2}]", "[m2,null,null]", "[m3,null,null]");
    assertThat(lake.read(source.table()).columns()).doesNotContain("bad key");
    assertThat(lake.read(source.table()).where(col("messageId").equalTo("m1")).first().<String>getAs("_raw"))
        .contains("\"bad key\":1");
  }

  @Test
  void aParquetFileWhoseTypesDisagreeIsSetAsideAndTheOthersRead() throws IOException {
    SourceConfig source = source("loyalty", """
        kind: parquet
        path: loyalty
        key: member_id
        schema: {member_id: string, points: int}
        """);
    Lakehouse lake = lake("lake");
    lake.spark().sql("select 'M1' as member_id, 10 as points union all select 'M2', 20")
        .coalesce(1).write().parquet(dir.resolve("staging/good").toString());
    lake.spark().sql("select 'M3' as member_id, 'many' as points")
        .coalesce(1).write().parquet(dir.resolve("staging/bad").toString());
    for (String name : List.of("good", "bad")) {
      try (var files = Files.list(dir.resolve("staging/" + name))) {
        Path part = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
        land("loyalty/" + name + ".parquet", Files.readAllBytes(part));
      }
    }

    StepResult result = ingest(lake, source);

    assertThat(lake.read(source.table()).select("member_id").orderBy("member_id").as(
        org.apache.spark.sql.Encoders.STRING()).collectAsList()).containsExactly("M1", "M2");
    assertThat(quarantineReasons(lake)).containsOnlyKeys("Parquet schema does not match the declared one: points is "
        + "string in the file, declared int (the whole file; it stays in the landing zone)");
    assertThat(result.figures()).containsEntry("files_corrupt", 1L);
  }

  @Test
  void emptyFilesOfDaysWithoutDataAreRecordedAndTheOthersRead() throws IOException {
    SourceConfig source = events();
    land("events/2026-10-01.json", lines(event("m1", "track")));
    land("events/2026-10-02.json", new byte[0]);
    land("events/2026-10-03.json", new byte[0]);
    Lakehouse lake = lake("lake");

    StepResult result = ingest(lake, source);

    assertThat(result.rowsRead()).isEqualTo(1);
    assertThat(lake.read(source.table()).count()).isEqualTo(1);
    assertThat(result.figures()).containsEntry("files", 2L).containsEntry("files_duplicate", 1L);
    assertThat(lake.read(OpsTables.INGESTED_FILES).where(col("file_path").endsWith("2026-10-02.json")).first()
        .<String>getAs("checksum")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(ingest(lake, source).figures()).containsEntry("files", 0L).containsEntry("files_already_ingested", 3L);
  }

  @Test
  void aSourceWithoutFilesStillHasItsEmptyTable() throws IOException {
    SourceConfig source = events();
    Lakehouse lake = lake("lake");
    assertThat(ingest(lake, source).rowsRead()).isZero();
    assertThat(lake.exists(source.table())).isTrue();
    assertThatThrownBy(() -> lake.read(source.table()).select("no_such_column").count())
        .hasMessageContaining("no_such_column");
  }

  @Test
  void ingestStepsSharingTheJobsLedgerReadEachFileOnce() throws IOException {
    SourceConfig events = events();
    SourceConfig other = source("other", """
        kind: events
        path: other
        key: messageId
        observed-at: timestamp
        required: [messageId, type, timestamp]
        """);
    land("events/day1/a.json", lines(event("m1", "track"), event("m2", "page")));
    land("other/day1/b.json", lines(event("o1", "track")));
    Lakehouse lake = lake("shared-ledger");
    LedgerCache ledger = new LedgerCache(lake);
    io.c360.privacy.SuppressionList none = io.c360.privacy.SuppressionList.load(lake, java.util.Optional::empty);
    RunContext run = new RunContext("one-job", 1, Instant.now());

    // The first step reads the ledger of both sources; each step's own entries are read again.
    assertThat(new IngestStep(lake, events, none, ledger).apply(run).rowsWritten()).isEqualTo(2);
    land("events/day2/c.json", lines(event("m3", "track")));
    assertThat(new IngestStep(lake, events, none, ledger).apply(run).rowsWritten()).isEqualTo(1);
    assertThat(new IngestStep(lake, other, none, ledger).apply(run).rowsWritten()).isEqualTo(1);
    assertThat(new IngestStep(lake, other, none, ledger).apply(run).rowsWritten()).isZero();

    assertThat(new IngestStep(lake, events, none, ledger).apply(run).rowsWritten()).isZero();

    // A rewrite recorded outside the steps (an erasure's) is seen once the job's ledger is cleared:
    // kept, the file's old entry would make the rewritten file look changed.
    Path a = dir.resolve("landing/events/day1/a.json");
    Files.write(a, lines(event("m1", "track")));
    String recorded = lake.read(OpsTables.INGESTED_FILES).where(col("file_path").endsWith("/day1/a.json"))
        .select("file_path").first().getString(0);
    LandingLedger.recordRewrites(lake, events, Map.of(recorded, Optional.empty()), "erasure", "rewritten");
    ledger.clear();
    assertThat(new IngestStep(lake, events, none, ledger).apply(run).rowsWritten()).isZero();
    assertThat(lake.read(events.table()).count()).isEqualTo(3);
    assertThat(lake.read(OpsTables.INGESTED_FILES).where(col("status").equalTo("changed")).count()).isZero();
  }
}
