package io.c360.production;

import static org.assertj.core.api.Assertions.assertThat;

import io.c360.sample.GenerationSummary;
import io.c360.testing.TestLakehouses;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A lakehouse and landing zone in a bucket of an S3-compatible server, reached as a user would:
 * bin/c360 with conf/env/s3.yaml, endpoint and credentials from the environment. Holds the checks
 * every object-storage test makes of a daily run there: its tables are in the bucket, SQL reads
 * them back with every record accounted for, an erasure leaves no trace in any object.
 */
final class S3Lakehouse implements AutoCloseable {
  static final String BUCKET = "c360";

  private final S3Endpoint endpoint;
  private final S3Client s3;
  private final Path workDir;
  private final Map<String, String> env;

  private S3Lakehouse(S3Endpoint endpoint, Path workDir) {
    this.endpoint = endpoint;
    this.s3 = endpoint.client();
    this.workDir = workDir;
    env = new LinkedHashMap<>();
    env.put("C360_S3_ENDPOINT", endpoint.uri().toString());
    env.put("AWS_ACCESS_KEY_ID", endpoint.accessKey());
    env.put("AWS_SECRET_ACCESS_KEY", endpoint.secretKey());
    env.put("C360_SUPPRESSION_SALT", UUID.randomUUID().toString()); // made per run, as a secret store would hand one
    env.put("C360_SPARK_MASTER", "local[2]");
    env.put("C360_DRIVER_MEMORY", "2g");
  }

  /** Starts the server, makes the bucket; c360's commands run in {@code dir}/work, which holds nothing else. */
  static S3Lakehouse start(S3Endpoint.Provider provider, Path dir) throws Exception {
    S3Endpoint endpoint = provider.start(dir);
    S3Lakehouse lake = new S3Lakehouse(endpoint, Files.createDirectories(dir.resolve("work")));
    try {
      lake.s3.createBucket(b -> b.bucket(BUCKET));
    } catch (RuntimeException e) {
      lake.close();
      throw e;
    }
    return lake;
  }

  /** Copies a generated landing zone (its ground truth left out) to the bucket's landing/. */
  void land(Path generated) throws IOException {
    try (var files = Files.walk(generated)) {
      for (Path f : files.filter(Files::isRegularFile)
          .filter(p -> !p.startsWith(generated.resolve("ground_truth"))).toList()) {
        s3.putObject(b -> b.bucket(BUCKET).key("landing/" + generated.relativize(f)), RequestBody.fromFile(f));
      }
    }
  }

  /** The variables bin/c360 (or a driver) needs to reach the bucket, and a suppression salt. */
  Map<String, String> env() {
    return env;
  }

  S3Endpoint endpoint() {
    return endpoint;
  }

  /** Where c360's commands run. */
  Path workDir() {
    return workDir;
  }

  /** The arguments that point a c360 command at conf/ and conf/env/s3.yaml. */
  static List<String> confArgs() {
    return List.of("--conf", TestLakehouses.conf().toString(),
        "--env", TestLakehouses.conf().resolve("env/s3.yaml").toString());
  }

  Processes.Result c360(String... args) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.addAll(confArgs());
    return Processes.c360(workDir, env, all);
  }

  /** The rows of a query through {@code bin/c360 sql --format csv}, header dropped. */
  List<String> sql(String query) throws IOException, InterruptedException {
    Processes.Result r = c360("sql", query, "--format", "csv");
    assertThat(r.exit()).as(query + "\n" + r.describe()).isZero();
    List<String> lines = r.stdout().lines().toList();
    return lines.subList(1, lines.size());
  }

  List<String> keys(String prefix) {
    return s3.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream()
        .map(S3Object::key).toList();
  }

  /** The daily run's tables are in the bucket, and c360's working directory holds none of its folders. */
  void assertTheDailyRunWroteEveryTableToTheBucketAndNothingLocally(Processes.Result daily) throws IOException {
    assertThat(daily.stdout()).contains("succeeded in");
    for (String table : List.of("bronze/web_events", "silver/events", "gold/identity_map", "gold/customer_360",
        "gold/segment_membership", "ops/ingested_files")) {
      assertThat(keys("lakehouse/" + table + "/_delta_log/")).as(table).isNotEmpty();
      assertThat(keys("lakehouse/" + table + "/")).as(table).anyMatch(k -> k.endsWith(".parquet"));
    }
    try (var left = Files.list(workDir)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .as("the working directory holds only this test's files").doesNotContain("lakehouse", "landing", "exports");
    }
  }

  /** Every generated record read and written (or quarantined), every landed file ingested, one row per customer. */
  void assertSqlReadsTheLakehouseAndEveryRecordIsAccountedFor(GenerationSummary generated)
      throws IOException, InterruptedException {
    long total = generated.recordsPerSource().values().stream().mapToLong(Long::longValue).sum();
    // One query per bin/c360 call: each starts a JVM and a Spark session.
    String[] v = sql("""
        select sum(rows_read), sum(rows_written) + sum(rows_quarantined), count(distinct file_path),
               (select count(*) - count(distinct customer_id) from gold.customer_360),
               (select count(distinct customer_id) from gold.identity_map
                 where customer_id not in (select customer_id from gold.customer_360))
        from ops.ingested_files where status = 'committed'""").get(0).split(",");
    assertThat(Long.parseLong(v[0])).as("records read").isEqualTo(total);
    assertThat(Long.parseLong(v[1])).as("records written or quarantined").isEqualTo(total);
    assertThat(Long.parseLong(v[2])).as("files ingested").isEqualTo(keys("landing/").size());
    assertThat(v[3]).as("customers listed twice in customer_360").isEqualTo("0");
    assertThat(v[4]).as("customers of identity_map missing from customer_360").isEqualTo("0");
  }

  /** bin/c360 erase takes a person (the first by e-mail) out of every table and every object of the bucket. */
  void assertAnErasureRemovesThePersonFromEveryObject() throws IOException, InterruptedException {
    String[] person = sql("""
        with p as (select m.id_value, m.customer_id from gold.identity_map m join silver.contacts c
                   on c.email = m.id_value where m.id_type = 'email' order by m.id_value limit 1)
        select p.id_value, p.customer_id, (select count(*) from gold.identity_map) - (select count(*)
               from gold.identity_map m join p on m.customer_id = p.customer_id)
        from p""").get(0).split(",");
    String email = person[0];
    String customer = person[1];
    String othersBefore = person[2];
    assertThat(objectsHolding(email)).as("landing files hold " + email).anyMatch(k -> k.startsWith("landing/"));

    Processes.Result erase = c360("erase", "--id", "email:" + email, "--request-id", "S3-1");
    assertThat(erase.exit()).as(erase.describe()).isZero();
    assertThat(erase.stdout()).startsWith("request S3-1: completed\n")
        .contains("verification: clean, no form of an identifier in any file");

    // customer is an id c360 minted (c_ and a UUID), safe to quote
    assertThat(sql("""
        select (select count(*) from gold.identity_map where customer_id = '%1$s'),
               (select count(*) from gold.customer_360 where customer_id = '%1$s'),
               (select count(*) from gold.identity_map where customer_id <> '%1$s'),
               (select status from compliance.erasure_requests where request_id = 'S3-1')""".formatted(customer)))
        .as("their identifiers, their customer_360 row, everyone else's identifiers, the request")
        .containsExactly("0,0," + othersBefore + ",completed");
    // The test's own look, through the SDK rather than c360: no text object (landing files, Delta
    // logs, exports) holds the address any more.
    assertThat(objectsHolding(email)).isEmpty();
  }

  /** Keys of the bucket's objects whose text (gunzipped where gzip) holds {@code value}, any case. */
  private List<String> objectsHolding(String value) {
    String needle = value.toLowerCase(Locale.ROOT);
    return keys("").stream().filter(key -> {
      byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
      return text(key, bytes).toLowerCase(Locale.ROOT).contains(needle);
    }).toList();
  }

  private static String text(String key, byte[] bytes) {
    if (!key.endsWith(".gz")) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(key, e);
    }
  }

  @Override
  public void close() {
    s3.close();
    endpoint.close();
  }
}
