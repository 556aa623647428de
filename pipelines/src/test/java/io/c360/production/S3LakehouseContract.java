package io.c360.production;

import static org.assertj.core.api.Assertions.assertThat;

import io.c360.sample.GenerationSummary;
import io.c360.sample.GeneratorSettings;
import io.c360.sample.LandingGenerator;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The production path on object storage: bin/c360 with conf/env/s3.yaml runs the daily job, SQL
 * queries and an erasure against an {@code s3a://} lakehouse and landing zone, in child processes
 * as a user would, credentials and endpoint from the environment. Each subclass supplies an
 * S3-compatible server (S3Proxy here and in CI; MinIO where a Docker engine exists).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class S3LakehouseContract {
  private static final String BUCKET = "c360";
  /** The day after the generated sample (GeneratorSettings' default start, 3 days). */
  private static final String AS_OF = "2026-10-04";

  @TempDir
  static Path dir;

  private S3Endpoint endpoint;
  private S3Client s3;
  private GenerationSummary generated;
  private Map<String, String> env;
  private Processes.Result daily;

  /** The S3-compatible server this class runs against. */
  abstract S3Endpoint.Provider provider();

  @BeforeAll
  void landAndRunTheDailyJob() throws Exception {
    endpoint = provider().start(dir);
    s3 = endpoint.client();
    s3.createBucket(b -> b.bucket(BUCKET));
    Path local = dir.resolve("generated");
    generated = new LandingGenerator(GeneratorSettings.of(60, 3, 11L)).generate(local);
    try (var files = Files.walk(local)) {
      for (Path f : files.filter(Files::isRegularFile).filter(p -> !p.startsWith(local.resolve("ground_truth")))
          .toList()) {
        s3.putObject(b -> b.bucket(BUCKET).key("landing/" + local.relativize(f)), RequestBody.fromFile(f));
      }
    }
    env = new LinkedHashMap<>();
    env.put("C360_S3_ENDPOINT", endpoint.uri().toString());
    env.put("AWS_ACCESS_KEY_ID", endpoint.accessKey());
    env.put("AWS_SECRET_ACCESS_KEY", endpoint.secretKey());
    env.put("C360_SUPPRESSION_SALT", UUID.randomUUID().toString()); // made per run, as a secret store would hand one
    env.put("C360_SPARK_MASTER", "local[2]");
    env.put("C360_DRIVER_MEMORY", "2g");
    daily = c360("run", TestLakehouses.conf().resolve("jobs/daily.yaml").toString(),
        "--set", "reporting.as-of=" + AS_OF);
    assertThat(daily.exit()).as(daily.describe()).isZero();
  }

  @AfterAll
  void stop() {
    if (s3 != null) {
      s3.close();
    }
    if (endpoint != null) {
      endpoint.close();
    }
  }

  private Processes.Result c360(String... args) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.addAll(List.of("--conf", TestLakehouses.conf().toString(),
        "--env", TestLakehouses.conf().resolve("env/s3.yaml").toString()));
    return Processes.c360(dir, env, all);
  }

  /** The rows of a query through {@code bin/c360 sql --format csv}, header dropped. */
  private List<String> sql(String query) throws IOException, InterruptedException {
    Processes.Result r = c360("sql", query, "--format", "csv");
    assertThat(r.exit()).as(query + "\n" + r.describe()).isZero();
    List<String> lines = r.stdout().lines().toList();
    return lines.subList(1, lines.size());
  }

  private List<String> keys(String prefix) {
    return s3.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream()
        .map(S3Object::key).toList();
  }

  @Test
  @Order(1)
  void theDailyJobWritesEveryTableToTheBucketAndNothingLocally() throws Exception {
    assertThat(daily.stdout()).contains("succeeded in");
    for (String table : List.of("bronze/web_events", "silver/events", "gold/identity_map", "gold/customer_360",
        "gold/segment_membership", "ops/ingested_files")) {
      assertThat(keys("lakehouse/" + table + "/_delta_log/")).as(table).isNotEmpty();
      assertThat(keys("lakehouse/" + table + "/")).as(table).anyMatch(k -> k.endsWith(".parquet"));
    }
    try (var left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .as("the working directory holds only this test's files").doesNotContain("lakehouse", "landing", "exports");
    }
  }

  @Test
  @Order(2)
  void sqlReadsTheLakehouseOnS3AndEveryRecordIsAccountedFor() throws Exception {
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

  @Test
  @Order(3)
  void anErasureRemovesThePersonFromEveryObjectInTheBucket() throws Exception {
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
}
