package io.c360.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.c360.testing.TestLakehouses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job whose SQL step fails: the run fails, dependents are skipped, ops tables say so, exit code 1. */
class FailingJobTest {
  @TempDir
  Path dir;

  @Test
  void failingStepIsRecordedAndItsDependentsSkipped() throws Exception {
    Path landing = dir.resolve("landing");
    Files.createDirectories(landing.resolve("consent"));
    Files.writeString(landing.resolve("consent/c1.json"),
        "{\"consent_id\":\"k1\",\"id_type\":\"email\",\"id_value\":\"a@b.com\",\"purpose\":\"marketing\","
            + "\"channel\":\"email\",\"granted\":true,\"occurred_at\":\"2026-10-01T10:00:00Z\"}\n");
    Path job = dir.resolve("failing.yaml");
    Files.writeString(job, """
        name: failing
        steps:
          - name: ingest_consent
            kind: ingest
            source: consent
          - name: broken
            kind: sql
            model: test/broken
            depends_on: [ingest_consent]
          - name: after_broken
            kind: sql
            model: silver/consent
            depends_on: [broken]
          - name: silver_consent
            kind: sql
            model: silver/consent
            depends_on: [ingest_consent]
        """);
    // A run killed earlier (kill -9) left its lock: this run takes it over and records that run's end.
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();
    Path lock = Files.createDirectories(dir.resolve("lake/_c360")).resolve("run.lock");
    Files.writeString(lock, "run_id=20261001T021500Z-killed\njob=daily\nhost="
        + java.net.InetAddress.getLocalHost().getHostName() + "\npid=" + ended.pid()
        + "\nstarted_at=2026-10-01T02:15:00Z\n");
    List<String> args = TestLakehouses.args(landing, dir.resolve("lake"), TestLakehouses.newCatalog());
    args.add(0, job.toString());
    args.add(0, "run");
    TestLakehouses.CliRun result = TestLakehouses.cli(args);
    String console = result.stdout();

    assertThat(result.exit()).isEqualTo(1);
    assertThat(console).contains("[2/4] broken").contains("FAILED in").contains("step broken: [TABLE_OR_VIEW_NOT_FOUND]")
        .contains("table_that_does_not_exist");
    SparkSession spark = SparkSession.active();
    List<Row> steps = spark.sql("select step, status, rows_written, error from ops.step_runs order by started_at, step")
        .collectAsList();
    assertThat(steps).extracting(r -> r.getString(0) + ":" + r.getString(1)).containsExactlyInAnyOrder(
        "ingest_consent:succeeded", "broken:failed", "after_broken:skipped", "silver_consent:succeeded");
    assertThat(steps.stream().filter(r -> r.getString(0).equals("broken")).findFirst().orElseThrow().getString(3))
        .contains("table_that_does_not_exist");
    Row killed = spark.sql("select job, status, started_at, error from ops.job_runs "
        + "where run_id = '20261001T021500Z-killed'").first();
    assertThat(killed.getString(0) + " " + killed.getString(1) + " " + killed.getTimestamp(2).toInstant())
        .isEqualTo("daily abandoned 2026-10-01T02:15:00Z");
    assertThat(killed.getString(3)).startsWith("its process (" + ended.pid() + " on ")
        .contains(") ended without finishing the run; found by run ");
    Row run = spark.sql("select status, steps, steps_failed, steps_skipped, error from ops.job_runs "
        + "where run_id != '20261001T021500Z-killed'").first();
    assertThat(run.getString(0)).isEqualTo("failed");
    assertThat(run.getInt(1)).isEqualTo(4);
    assertThat(run.getInt(2)).isEqualTo(1);
    assertThat(run.getInt(3)).isEqualTo(1);
    assertThat(run.getString(4)).startsWith("broken: ");
    assertThat(spark.sql("select count(*) from silver.consent").first().getLong(0)).isEqualTo(1);
    assertThat(spark.catalog().tableExists("test.broken")).isFalse();
  }
}
