package io.c360.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.min;
import static org.assertj.core.api.Assertions.assertThat;

import io.c360.testing.ChildRun;
import io.c360.testing.ReferenceLakehouse;
import io.c360.testing.TestLakehouses;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily job interrupted, then run to its end: its bronze, silver and gold equal those of a run
 * on the same data that was never interrupted. Each lakehouse is a copy of the reference lakehouse
 * with a small day of new events and orders landed.
 *
 * <ul>
 *   <li>Killed with SIGKILL (no shutdown hook, no finally) in bronze, in silver and in gold in turn;
 *       each killed run is recorded as abandoned. While the first runs, a second run and an
 *       erasure are refused.
 *   <li>Stopped by a full disk (a tmpfs a little larger than the lakehouse, where the machine lets
 *       this test mount one), then run again once there is room.
 * </ul>
 *
 * And a lakehouse on a read-only file system is refused before any step runs.
 */
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
class InterruptedRunTest {
  /** The step line after which the child is killed, and the step then running. */
  private static final List<String[]> KILLS = List.of(
      new String[] {"[2/23] ", "bronze: ingest_orders"},
      new String[] {"[9/23] ", "silver: silver_orders"},
      new String[] {"[15/23] ", "gold: identity"});
  /**
   * Columns that hold when a row was written or by which run, and the landed file's path (each
   * lakehouse has its own landing zone): they differ between any two lakehouses.
   */
  private static final List<String> RUN_COLUMNS = List.of("run_id", "recorded_at", "_ingested_at", "ingested_at",
      "_batch_id", "batch_id", "computed_at", "updated_at", "linked_at", "first_linked_at", "merged_at",
      "_source_file", "source_file");

  @TempDir
  static Path dir;

  private ReferenceLakehouse reference;
  private Path clean;

  @org.junit.jupiter.api.BeforeAll
  void runTheDayOnACleanCopy() throws Exception {
    reference = ReferenceLakehouse.get();
    clean = reference.copyWithLanding(dir.resolve("clean"));
    landADay(dir.resolve("clean/landing"));
    TestLakehouses.CliRun cleanRun = TestLakehouses.cli(daily(dir.resolve("clean"), TestLakehouses.newCatalog()));
    assertThat(cleanRun.exit()).as(cleanRun.stdout()).isZero();
  }

  @Test
  void aRunKilledInBronzeSilverAndGoldFinishesWhenRunAgainAsIfNeverKilled() throws Exception {
    Path killed = reference.copyWithLanding(dir.resolve("killed"));
    landADay(dir.resolve("killed/landing"));
    String catalog = TestLakehouses.newCatalog();

    List<TestLakehouses.CliRun> meanwhile = new ArrayList<>();
    java.util.Map<String, Integer> stepsDone = new java.util.LinkedHashMap<>();
    for (String[] kill : KILLS) {
      long t0 = System.nanoTime();
      ChildRun.Result r = ChildRun.run(daily(dir.resolve("killed"), catalog), line -> {
        if (line.startsWith("[1/23] ") && meanwhile.isEmpty()) {
          // While it runs, a second daily run and an erasure that will not wait are refused.
          meanwhile.add(TestLakehouses.cli(daily(dir.resolve("killed"), catalog)));
          List<String> erase = new ArrayList<>(List.of("erase", "--id", "email:amelia_taylor1967@example.com",
              "--wait", "0"));
          erase.addAll(options(dir.resolve("killed"), catalog));
          meanwhile.add(TestLakehouses.cli(erase));
        }
        return line.startsWith(kill[0]);
      }, dir.resolve("killed-" + kill[0].replaceAll("\\W", "") + ".err"));
      assertThat(r.killed()).as(kill[1] + "\n" + r.stdout()).isTrue();
      assertThat(r.exit()).as(kill[1]).isEqualTo(137);
      java.util.regex.Matcher id = java.util.regex.Pattern.compile("(?m)^run (\\S+): job ").matcher(r.stdout());
      assertThat(id.find()).as(r.stdout()).isTrue();
      stepsDone.put(id.group(1), Integer.parseInt(kill[0].substring(1, kill[0].indexOf('/'))));
      System.out.printf("killed in %s after %.1f s%n", kill[1], (System.nanoTime() - t0) / 1e9);
    }
    assertThat(meanwhile).hasSize(2);
    for (TestLakehouses.CliRun refused : meanwhile) {
      assertThat(refused.exit()).as(refused.stdout()).isEqualTo(1);
      assertThat(refused.stderr()).contains("error: lakehouse ").contains(" is in use by run ")
          .contains("runs must not overlap").doesNotContain("\tat io.c360");
    }
    TestLakehouses.CliRun finish = TestLakehouses.cli(daily(dir.resolve("killed"), catalog));
    assertThat(finish.exit()).as(finish.stdout()).isZero();
    assertThat(finish.stdout()).contains("succeeded");

    var spark = TestLakehouses.open(dir.resolve("killed/landing"), killed, catalog,
        ReferenceLakehouse.sets()).spark();
    assertThat(spark.sql("select count(*) from ops.job_runs where status = 'abandoned'").first().getLong(0))
        .isEqualTo(KILLS.size());
    // The steps each killed run finished were kept in its run journal, and recorded by the next run.
    for (var killedRun : stepsDone.entrySet()) {
      List<Row> steps = spark.table("ops.step_runs").where(col("run_id").equalTo(killedRun.getKey()))
          .select("status").collectAsList();
      assertThat(steps).as(killedRun.getKey()).hasSizeGreaterThanOrEqualTo(killedRun.getValue())
          .allMatch(r -> r.getString(0).equals("succeeded"));
      assertThat(spark.table("ops.job_runs").where(col("run_id").equalTo(killedRun.getKey())).select("status")
          .as(org.apache.spark.sql.Encoders.STRING()).collectAsList()).containsExactly("abandoned");
    }
    assertThat(killed.resolve("_c360/runs")).isEmptyDirectory();
    assertEqualToTheCleanRun(killed);
  }

  @Test
  void aRunStoppedByAFullDiskFinishesWhenRunAgainWithRoom() throws Exception {
    Path root = Files.createDirectories(dir.resolve("full"));
    reference.copyWithLanding(dir.resolve("sizing"));
    landADay(dir.resolve("sizing/landing"));
    long bytes = pages(dir.resolve("sizing"));
    // Room for the copy, the run journal's reserve and half of what the clean run added: the run
    // fills it part way.
    long added = pages(dir.resolve("clean")) - bytes;
    long room = added / 2 + 128 * 1024;
    Assumptions.assumeTrue(mount(root, "size=" + (bytes + room) / 1024 + "k"),
        "this machine does not let the test mount a tmpfs (it needs root)");
    try {
      Path full = reference.copyWithLanding(root);
      landADay(root.resolve("landing"));
      String catalog = TestLakehouses.newCatalog();
      TestLakehouses.CliRun stopped = TestLakehouses.cli(daily(root, catalog));
      System.out.printf("full disk: %,d bytes free for a run that added %,d on the clean copy%n%s%n", room, added,
          stopped.stdout());
      assertThat(stopped.exit()).as(stopped.stdout()).isEqualTo(1);
      assertThat(stopped.stdout()).contains("FAILED").contains(": cause: No space left on device");
      assertThat(mount(root, "remount,size=256m")).isTrue();
      TestLakehouses.CliRun again = TestLakehouses.cli(daily(root, catalog));
      assertThat(again.exit()).as(again.stdout() + again.stderr()).isZero();
      assertEqualToTheCleanRun(full);
      // The stopped run could not append its own rows; its journal kept them for the next run.
      java.util.regex.Matcher id = java.util.regex.Pattern.compile("(?m)^run (\\S+): job ").matcher(stopped.stdout());
      assertThat(id.find()).isTrue();
      var spark = TestLakehouses.open(root.resolve("landing"), full, catalog, ReferenceLakehouse.sets()).spark();
      List<String> job = spark.table("ops.job_runs").where(col("run_id").equalTo(id.group(1))).select("status")
          .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
      long steps = spark.table("ops.step_runs").where(col("run_id").equalTo(id.group(1))).count();
      System.out.printf("full disk: the stopped run recorded as %s with %d step rows%n", job, steps);
      assertThat(job).singleElement().isIn("failed", "abandoned");
      // At least the steps before the first that failed (it is named in the run's output).
      assertThat(steps).isGreaterThanOrEqualTo(stopped.stdout().lines().filter(l -> l.matches("\\[\\d+/23\\] .* ok .*"))
          .count());
    } finally {
      TestLakehouses.forgetRegisteredTables();
      new ProcessBuilder("umount", "-l", root.toString()).inheritIO().start().waitFor();
    }
  }

  @Test
  void aLakehouseOnAReadOnlyFileSystemIsRefusedBeforeAnyStepRuns() throws Exception {
    Path root = Files.createDirectories(dir.resolve("read-only"));
    Assumptions.assumeTrue(mount(root, "size=256m"), "this machine does not let the test mount a tmpfs (it needs root)");
    try {
      Path lake = reference.copyWithLanding(root);
      landADay(root.resolve("landing"));
      long files;
      try (Stream<Path> all = Files.walk(lake)) {
        files = all.count();
      }
      assertThat(mount(root, "remount,ro")).isTrue();
      TestLakehouses.CliRun refused = TestLakehouses.cli(daily(root, TestLakehouses.newCatalog()));
      assertThat(refused.exit()).as(refused.stdout()).isEqualTo(1);
      assertThat(refused.stdout()).doesNotContain("[1/23]");
      assertThat(refused.stderr()).contains("error: lakehouse " + lake + ": cannot write the lock " + lake
          + "/_c360/run.lock: cause: ").contains("Read-only file system").doesNotContain("\tat io.c360");
      try (Stream<Path> all = Files.walk(lake)) {
        assertThat(all.count()).isEqualTo(files);
      }
    } finally {
      TestLakehouses.forgetRegisteredTables();
      new ProcessBuilder("umount", "-l", root.toString()).inheritIO().start().waitFor();
    }
  }

  /** What the files under {@code root} take in 4 KiB pages, as a tmpfs counts them, in bytes. */
  private static long pages(Path root) throws java.io.IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> (f.toFile().length() + 4095) / 4096 * 4096).sum();
    }
  }

  /** Mounts a tmpfs at {@code at} with {@code options}; false where the machine does not allow it. */
  private static boolean mount(Path at, String options) throws Exception {
    Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", at.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean ok = p.waitFor() == 0;
    if (!ok) {
      System.out.println("mount -o " + options + ": " + out.strip());
    }
    return ok;
  }

  private void assertEqualToTheCleanRun(Path killed) {
    assertThat(ReferenceLakehouse.table(killed, "bronze.orders").where(col("order_id").startsWith("LO-")).count())
        .isEqualTo(2);
    for (String table : List.of("bronze.web_events", "bronze.orders", "silver.events", "silver.orders",
        "silver.contacts", "silver.identifiers", "silver.identity_edges")) {
      assertEqual(table, withoutRunColumns(ReferenceLakehouse.table(clean, table)),
          withoutRunColumns(ReferenceLakehouse.table(killed, table)));
    }
    // Gold: a customer minted in this run has a new random id in each lakehouse, so customers are
    // compared by their smallest identifier.
    assertEqual("gold.identity_map", byIdentifiers(clean, "gold.identity_map"), byIdentifiers(killed, "gold.identity_map"));
    for (String table : List.of("gold.customer_360", "gold.customer_orders", "gold.customer_daily_activity")) {
      assertEqual(table, byIdentifiers(clean, table), byIdentifiers(killed, table));
    }
  }

  private static List<String> daily(Path root, String catalog) {
    List<String> args = new ArrayList<>(List.of("run", TestLakehouses.conf().resolve("jobs/daily.yaml").toString()));
    args.addAll(options(root, catalog));
    return args;
  }

  /** The options that point a command at the lakehouse and landing zone under {@code root}. */
  private static List<String> options(Path root, String catalog) {
    List<String> args = TestLakehouses.args(root.resolve("landing"), root.resolve("lake"), catalog);
    ReferenceLakehouse.sets().forEach(s -> args.addAll(List.of("--set", s)));
    return args;
  }

  /** A day after the sample: a new visitor who becomes a customer, a known customer's new device, two orders. */
  private static void landADay(Path landing) throws Exception {
    String events = String.join("\n",
        event("late-1", "page", "late-anon-1", null, null, "2026-10-06T20:00:00Z"),
        event("late-2", "identify", "late-anon-1", "u_late_1", "late.person@example.org", "2026-10-06T20:01:00Z"),
        event("late-3", "page", "late-anon-2", "u_00011874", null, "2026-10-06T21:00:00Z"),
        event("late-4", "page", "18cf7033-9f4b-48de-813e-87147baa02e6", null, null, "2026-10-06T22:00:00Z")) + "\n";
    Path day = Files.createDirectories(landing.resolve("web_events/2026-10-06-late"));
    Files.writeString(day.resolve("late.json"), events, StandardCharsets.UTF_8);
    Files.writeString(landing.resolve("orders/orders-2026-10-06-late.csv"), String.join("\n",
        "order_id,user_id,email,status,currency,total_amount,ordered_at,updated_at",
        "LO-1,u_late_1,late.person@example.org,completed,GBP,30.00,2026-10-06T20:05:00Z,2026-10-06T20:05:00Z",
        "LO-2,u_00011874,amelia_taylor1967@example.com,completed,GBP,15.50,2026-10-06T21:05:00Z,2026-10-06T21:05:00Z")
        + "\n", StandardCharsets.UTF_8);
  }

  private static String event(String id, String type, String anonymousId, String userId, String email, String at) {
    return "{\"messageId\":\"" + id + "\",\"type\":\"" + type + "\",\"anonymousId\":\"" + anonymousId + "\""
        + (userId == null ? "" : ",\"userId\":\"" + userId + "\"")
        + (email == null ? "" : ",\"traits\":{\"email\":\"" + email + "\"}")
        + (type.equals("page") ? ",\"name\":\"Home\",\"properties\":{\"path\":\"/\"}" : "")
        + ",\"timestamp\":\"" + at + "\",\"receivedAt\":\"" + at + "\"}";
  }

  private static Dataset<Row> withoutRunColumns(Dataset<Row> rows) {
    return TestLakehouses.comparable(rows.drop(RUN_COLUMNS.toArray(String[]::new)));
  }

  /** A gold table with each customer id replaced by the customer's smallest identifier. */
  private static Dataset<Row> byIdentifiers(Path lake, String table) {
    Dataset<Row> key = ReferenceLakehouse.table(lake, "gold.identity_map").groupBy("customer_id")
        .agg(min(concat_ws(":", col("id_type"), col("id_value"))).as("customer_key"));
    Dataset<Row> rows = withoutRunColumns(ReferenceLakehouse.table(lake, table));
    return rows.join(key, "customer_id").drop("customer_id");
  }

  private static void assertEqual(String table, Dataset<Row> clean, Dataset<Row> killed) {
    String[] columns = clean.columns();
    Arrays.sort(columns);
    Dataset<Row> a = clean.selectExpr(Arrays.stream(columns).map(c -> "`" + c + "`").toArray(String[]::new));
    Dataset<Row> b = killed.selectExpr(Arrays.stream(columns).map(c -> "`" + c + "`").toArray(String[]::new));
    assertThat(a.count()).as(table).isPositive();
    assertThat(b.count()).as(table).isEqualTo(a.count());
    assertThat(a.exceptAll(b).limit(5).collectAsList()).as(table + ": rows of the clean run only").isEmpty();
    assertThat(b.exceptAll(a).limit(5).collectAsList()).as(table + ": rows of the killed run only").isEmpty();
  }
}
