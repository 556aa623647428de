package io.c360.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.c360.lake.Lakehouse;
import io.c360.sample.GenerationSummary;
import io.c360.sample.GeneratorSettings;
import io.c360.sample.LandingGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The lakehouse most tests read: a generated landing zone (with the fault corpus of bad files
 * beside it) run through the daily job in two halves, built once and kept under
 * {@code pipelines/target/reference-lakehouse} for as long as the code, conf and SQL it was built
 * from are unchanged. Test JVMs that need it at the same time wait for the one building it (a file
 * lock). Its variants are built the same way, once, the first time a test asks for them: the same
 * lakehouse after a full refresh, and after a run again on the same landing data.
 *
 * <p>Read-only tests open it where it is ({@link #open}); a test that changes data works on a copy
 * ({@link #copy}), a file copy being far cheaper than a job run. The landing zone is shared: a
 * copy's ledger names its files, so a run on a copy finds nothing new. A test that rewrites landing
 * files copies them too ({@link #copyWithLanding}).
 */
public final class ReferenceLakehouse {
  /** The generated sample: 250 people over 6 days from 2026-10-01. */
  public static final GeneratorSettings SETTINGS = GeneratorSettings.of(250, 6, 7L);
  /** The day after the sample: every run's reporting day, however long the runs take. */
  public static final String AS_OF = "2026-10-07";
  /** The daily job's steps. */
  public static final int STEPS = 23;
  /** The fault corpus's person, whose records sit in its bad files. */
  public static final String FAULT_PERSON = "fault.person@example.org";
  private static final String HEADER = "order_id,user_id,email,status,currency,total_amount,ordered_at,updated_at";
  private static final String CATALOG = "iceberg_reference";
  /** Raise when what the build does changes (the runs, the corpus): a kept reference is then built again. */
  private static final int BUILD = 1;

  private static ReferenceLakehouse instance;

  private final Path root;
  private final String version;

  private ReferenceLakehouse(Path root, String version) {
    this.root = root;
    this.version = version;
  }

  /** The reference lakehouse, built first if this code has none yet. */
  public static synchronized ReferenceLakehouse get() {
    if (instance == null) {
      Path root = Path.of(System.getProperty("c360.reference.dir",
          TestLakehouses.repoRoot().resolve("pipelines/target/reference-lakehouse").toString())).toAbsolutePath();
      instance = new ReferenceLakehouse(root, version());
      instance.build("incremental", instance::buildIncremental);
    }
    return instance;
  }

  /** The generator's output, ground truth included. */
  public Path generated() {
    return root.resolve("generated");
  }

  /** The landing zone every run read: the generated files and the fault corpus. */
  public Path landing() {
    return root.resolve("landing");
  }

  /** The lakehouse after the first half of the days and then the rest, run incrementally. */
  public Path lake() {
    return root.resolve("incremental/lake");
  }

  /** The incremental lakehouse after a run again on the same landing data (built on first use). */
  public synchronized Path rerun() {
    build("rerun", dir -> {
      copyTree(lake().getParent(), dir);
      console(dir, "rerun", run(dir.resolve("lake"), List.of()));
    });
    return root.resolve("rerun/lake");
  }

  /** The incremental lakehouse after a full refresh on the same landing data (built on first use). */
  public synchronized Path fullRefresh() {
    build("full-refresh", dir -> {
      copyTree(lake().getParent(), dir);
      console(dir, "full-refresh", run(dir.resolve("lake"), List.of("--full-refresh")));
    });
    return root.resolve("full-refresh/lake");
  }

  /**
   * The lakehouse the notebooks execute on (built on first use): a copy of the incremental one and
   * of the landing zone, with one erasure request filed in the intake and run by the erasure job,
   * so the compliance notebook has a request to show. Its erasure job's console is {@code erasure}.
   */
  public synchronized Path notebooks() {
    build("notebooks", dir -> {
      Path lake = copyWithLanding(dir);
      Path landing = dir.resolve("landing");
      String email = open(lake).spark().sql("select id_value from gold.identity_map where id_type = 'email' "
          + "order by customer_id, id_value limit 1").first().getString(0);
      Path intake = landing.resolve("_erasure_requests");
      Files.createDirectories(intake);
      Files.writeString(intake.resolve("notebook-demo.csv"), "request_id,regulation,received_at,id\n"
          + "NB-DEMO-1,gdpr,,email:" + email + "\n");
      List<String> args = new ArrayList<>(List.of("run", TestLakehouses.conf().resolve("jobs/erasure.yaml").toString()));
      args.addAll(TestLakehouses.args(landing, lake, CATALOG));
      args.addAll(List.of("--set", "reporting.as-of=" + AS_OF));
      TestLakehouses.CliRun result = TestLakehouses.cli(args);
      assertThat(result.exit()).as(result.stdout()).isZero();
      console(dir, "erasure", result.stdout());
    });
    return root.resolve("notebooks/lake");
  }

  /** What a run printed: {@code first} and {@code second} (the halves), {@code rerun}, {@code full-refresh}. */
  public String console(String run) {
    Path lake = switch (run) {
      case "rerun" -> rerun();
      case "full-refresh" -> fullRefresh();
      case "erasure" -> notebooks();
      default -> lake();
    };
    try {
      return Files.readString(lake.resolveSibling(run + ".console"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Records per generated source (GenerationSummary's), the fault corpus aside. */
  public Map<String, Long> recordsPerSource() {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(generated().resolve("summary.properties"))) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Long> out = new TreeMap<>();
    p.forEach((k, v) -> out.put((String) k, Long.parseLong((String) v)));
    return out;
  }

  /** The fault corpus: each bad file's name and the records it holds (a good CSV's header aside). */
  public static Map<String, Long> corpus() {
    Map<String, Long> out = new LinkedHashMap<>();
    out.put("faults.json", 16L);
    out.put("faults-broken.json.gz", 1L);
    out.put("faults.csv", 6L);
    out.put("faults-more.csv.gz", 1L);
    out.put("faults-noheader.csv", 2L);
    return out;
  }

  /** The c360 command-line options for a lakehouse at {@code lake} on the shared landing zone. */
  public List<String> args(Path lake, String catalog) {
    List<String> args = TestLakehouses.args(landing(), lake, catalog);
    args.addAll(List.of("--set", "reporting.as-of=" + AS_OF, "--set", "models.rebuild-share=1"));
    return args;
  }

  /** The settings {@link #args} sets, for {@link TestLakehouses#open}. */
  public static List<String> sets() {
    return List.of("reporting.as-of=" + AS_OF, "models.rebuild-share=1");
  }

  /** Opens a lakehouse at {@code lake} (the reference or a copy) on the shared landing zone. */
  public Lakehouse open(Path lake) {
    return TestLakehouses.open(landing(), lake, TestLakehouses.newCatalog(), sets());
  }

  /** Copies the incremental lakehouse (and its exports) into {@code dir}; returns the copy's lake. */
  public Path copy(Path dir) {
    copyTree(lake().getParent(), dir);
    return dir.resolve("lake");
  }

  /**
   * Copies the incremental lakehouse and the landing zone into {@code dir} (as {@code lake} and
   * {@code landing}), for tests that change landing files. The copy's ledger names the copied
   * files, as a team's would after moving its landing zone.
   */
  public Path copyWithLanding(Path dir) {
    copyTree(landing(), dir.resolve("landing"));
    Path lake = copy(dir);
    if (SparkSession.getActiveSession().isEmpty()) {
      open(lake());
    }
    io.delta.tables.DeltaTable.forPath(SparkSession.active(), lake.resolve("ops/ingested_files").toString())
        .update(Map.of("file_path", org.apache.spark.sql.functions.replace(
            org.apache.spark.sql.functions.col("file_path"), org.apache.spark.sql.functions.lit(hadoopPath(landing())),
            org.apache.spark.sql.functions.lit(hadoopPath(dir.resolve("landing"))))));
    return lake;
  }

  /** A local path as Hadoop, and so the ledger, writes it: file:/... */
  public static String hadoopPath(Path p) {
    return "file:" + p.toAbsolutePath();
  }

  /** A table of a lakehouse read from its folder (Delta), whatever lakehouse the session has open. */
  public static Dataset<Row> table(Path lake, String name) {
    String[] parts = name.split("\\.");
    return SparkSession.active().read().format("delta").load(lake.resolve(parts[0]).resolve(parts[1]).toString());
  }

  private interface Builder {
    void build(Path dir) throws Exception;
  }

  /** Builds {@code name} under the root unless a build of this version is complete, one JVM at a time. */
  private void build(String name, Builder builder) {
    Path dir = root.resolve(name);
    Path done = dir.resolve(".complete");
    try {
      Files.createDirectories(root.getParent());
      try (FileChannel channel = FileChannel.open(root.resolveSibling(root.getFileName() + ".lock"),
          StandardOpenOption.CREATE, StandardOpenOption.WRITE);
           FileLock ignored = channel.lock()) {
        if (Files.exists(done) && Files.readString(done).equals(version)) {
          return;
        }
        if (name.equals("incremental")) {
          deleteTree(root); // built from other code: its variants go too
        } else if (!Files.exists(root.resolve("incremental/.complete"))) {
          throw new IllegalStateException("the reference lakehouse is not built: " + root);
        }
        deleteTree(dir);
        Files.createDirectories(dir);
        long started = System.nanoTime();
        builder.build(dir);
        Files.writeString(done, version);
        System.out.printf(Locale.ROOT, "reference lakehouse: %s built in %.1f s (%s)%n", name,
            (System.nanoTime() - started) / 1e9, dir);
      }
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("building the reference lakehouse's " + name + ": " + e, e);
    }
  }

  private void buildIncremental(Path dir) throws IOException {
    GenerationSummary summary = new LandingGenerator(SETTINGS).generate(generated());
    Properties p = new Properties();
    summary.recordsPerSource().forEach((k, v) -> p.setProperty(k, Long.toString(v)));
    try (var out = Files.newOutputStream(generated().resolve("summary.properties"))) {
      p.store(out, "records per generated source");
    }
    List<String> days;
    try (Stream<Path> d = Files.list(generated().resolve("web_events"))) {
      days = d.map(f -> f.getFileName().toString()).sorted().toList();
    }
    List<String> firstDays = days.subList(0, days.size() / 2);
    Path lake = dir.resolve("lake");
    copyLanding(f -> firstDays.stream().anyMatch(f.toString()::contains));
    landCorpus(landing());
    console(dir, "first", run(lake, List.of()));
    copyLanding(f -> !f.startsWith(generated().resolve("ground_truth")) && !f.endsWith("summary.properties"));
    console(dir, "second", run(lake, List.of()));
  }

  private String run(Path lake, List<String> extra) {
    List<String> args = new ArrayList<>(List.of("run", TestLakehouses.conf().resolve("jobs/daily.yaml").toString()));
    args.addAll(args(lake, CATALOG));
    args.addAll(extra);
    TestLakehouses.CliRun result = TestLakehouses.cli(args);
    assertThat(result.exit()).as(result.stdout()).isZero();
    return result.stdout();
  }

  private static void console(Path dir, String name, String text) throws IOException {
    Files.writeString(dir.resolve(name + ".console"), text);
  }

  /** Copies the generated files {@code which} selects into the landing zone (those not there yet). */
  private void copyLanding(Predicate<Path> which) throws IOException {
    try (Stream<Path> files = Files.walk(generated())) {
      for (Path f : files.filter(Files::isRegularFile).filter(which).toList()) {
        Path target = landing().resolve(generated().relativize(f).toString());
        if (!Files.exists(target)) {
          Files.createDirectories(target.getParent());
          Files.copy(f, target);
        }
      }
    }
  }

  /**
   * Bad files beside the generated ones. Events: one line of each kind of trouble, loose JSON
   * holding {@link #FAULT_PERSON}, a .gz that is not gzip. Orders: one good line (the person's), a
   * decimal comma, a date that is not one, a third decimal place, invalid UTF-8, a line with too few
   * fields; a good line gzip-compressed; a file without a header.
   */
  static void landCorpus(Path landing) throws IOException {
    byte[] fixture;
    try (InputStream in = ReferenceLakehouse.class.getResourceAsStream("/ingest/bad-events.json")) {
      fixture = in.readAllBytes();
    }
    String loose = "{'messageId':'fault-1','type':'identify','timestamp':'2026-10-01T10:00:00Z',"
        + "'traits':{'email':'" + FAULT_PERSON + "'}}\n"
        + "{\"messageId\":\"fault-2\",\"type\":\"track\",\"type\":\"page\",\"timestamp\":\"2026-10-01T10:00:00Z\"}\n";
    ByteArrayOutputStream events = new ByteArrayOutputStream();
    events.writeBytes(fixture);
    events.writeBytes(loose.getBytes(StandardCharsets.UTF_8));
    write(landing.resolve("web_events/2026-10-01/faults.json"), events.toByteArray());
    write(landing.resolve("web_events/2026-10-01/faults-broken.json.gz"), "not gzip at all\n".getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream orders = new ByteArrayOutputStream();
    orders.writeBytes((HEADER + "\n"
        + "FO-1,," + FAULT_PERSON.toUpperCase(Locale.ROOT) + ",completed,GBP,12.50,2026-10-01T10:00:00Z,2026-10-01T10:00:00Z\n"
        + "FO-2,,someone@example.org,completed,GBP,\"12,50\",2026-10-01T10:00:00Z,2026-10-01T10:00:00Z\n"
        + "FO-3,,someone@example.org,completed,GBP,3.00,yesterday,2026-10-01T10:00:00Z\n"
        + "FO-4,,someone@example.org,completed,GBP,12.345,2026-10-01T10:00:00Z,2026-10-01T10:00:00Z\n")
        .getBytes(StandardCharsets.UTF_8));
    orders.writeBytes(new byte[] {'F', 'O', '-', '5', ',', ',', (byte) 0xC3, (byte) 0x28, '@', 'x', '.', 'o', 'r', 'g',
        ',', 'c', ',', 'G', 'B', 'P', ',', '5', '.', '0', '0', ',', '2', '0', '2', '6', '-', '1', '0', '-', '0', '1',
        'T', '1', '0', ':', '0', '0', ':', '0', '0', 'Z', ',', '\n'});
    orders.writeBytes("FO-6,,short@example.org\n".getBytes(StandardCharsets.UTF_8));
    write(landing.resolve("orders/faults.csv"), orders.toByteArray());
    write(landing.resolve("orders/faults-more.csv.gz"), gzip((HEADER + "\nFO-7,,other@example.org,completed,GBP,7.00,"
        + "2026-10-01T10:00:00Z,2026-10-01T10:00:00Z\n").getBytes(StandardCharsets.UTF_8)));
    write(landing.resolve("orders/faults-noheader.csv"), ("FO-8,," + FAULT_PERSON + ",completed,GBP,8.00,"
        + "2026-10-01T10:00:00Z,2026-10-01T10:00:00Z\nFO-9,,nine@example.org,completed,GBP,9.00,2026-10-01T10:00:00Z,"
        + "2026-10-01T10:00:00Z\n").getBytes(StandardCharsets.UTF_8));
  }

  private static void write(Path f, byte[] content) throws IOException {
    Files.createDirectories(f.getParent());
    Files.write(f, content);
  }

  private static byte[] gzip(byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(content);
    }
    return out.toByteArray();
  }

  /**
   * What the reference is built from: c360's classes, the generator's settings, {@link #BUILD},
   * conf/ and sql/. A change to any of them builds it again.
   */
  private static String version() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update((SETTINGS + " " + BUILD).getBytes(StandardCharsets.UTF_8));
      List<Path> roots = List.of(codeRoot(Lakehouse.class), TestLakehouses.conf(), TestLakehouses.repoRoot().resolve("sql"));
      for (Path r : roots) {
        try (Stream<Path> files = Files.walk(r)) {
          for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
            sha.update(r.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
            sha.update(Files.readAllBytes(f));
          }
        }
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (Exception e) {
      throw new IllegalStateException("cannot tell the reference lakehouse's version: " + e, e);
    }
  }

  private static Path codeRoot(Class<?> c) throws Exception {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  /**
   * Copies a folder, leaving out the session's warehouse folder ({@code _warehouse}, the in-memory
   * catalog's, which a session opening the lakehouse creates and drops as it registers tables).
   */
  static void copyTree(Path from, Path to) {
    try {
      Files.walkFileTree(from, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
          if (d.getFileName().toString().equals("_warehouse")) {
            return FileVisitResult.SKIP_SUBTREE;
          }
          Files.createDirectories(to.resolve(from.relativize(d).toString()));
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
          if (!f.getFileName().toString().equals(".complete")) {
            Files.copy(f, to.resolve(from.relativize(f).toString()), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.COPY_ATTRIBUTES);
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
