package io.c360.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.c360.lake.Lakehouse;
import io.c360.testing.TestLakehouses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `c360 demo` on a tiny sample: generates once, runs the daily job, prints the summary; again is safe. */
class DemoCommandTest {
  @TempDir
  Path dir;

  private String demo(List<String> args) {
    TestLakehouses.CliRun result = TestLakehouses.cli(args);
    assertThat(result.exit()).as(result.stdout()).isZero();
    return result.stdout();
  }

  @Test
  void demoGeneratesRunsAndSummarises() {
    List<String> args = TestLakehouses.args(dir.resolve("landing"), dir.resolve("lake"), TestLakehouses.newCatalog());
    args.add(0, "demo");
    args.addAll(List.of("--customers", "60", "--days", "2", "--job",
        TestLakehouses.conf().resolve("jobs/daily.yaml").toString()));

    String first = demo(args);

    assertThat(first).contains("generating sample data into").contains("[23/23] activate_vip_newsletter_file")
        .contains("gold figures are as of 2026-10-03, the day after the sample's last day")
        .contains("gold.customer_360").contains("customers:").contains("identifiers stitched:")
        .contains("rows quarantined:").contains("where things are:")
        .contains("\n  lakehouse  " + dir.resolve("lake") + "\n")
        .contains("\n  export     " + dir.resolve("exports/vip_newsletter_file/vip_newsletter_file.csv") + "\n")
        .contains("\n  notebooks  bin/c360 notebook --lakehouse " + dir.resolve("lake") + "\n")
        .containsPattern("total: [0-9.]+ s for 23 steps")
        .doesNotContain("seconds per step");
    assertThat(Files.exists(dir.resolve("landing/web_events"))).isTrue();
    long customers = SparkSession.active().table("gold.customer_360").count();
    assertThat(first).containsPattern("customers:\\s+" + customers + "\\b");

    String second = demo(args);

    assertThat(second).contains("already holds the sample").doesNotContain("generating sample data");
    assertThat(SparkSession.active().table("gold.customer_360").count()).isEqualTo(customers);
    // The lakehouse keeps the demo's day: a later plain run computes gold for it, not for today.
    assertThat(dir.resolve("lake/_c360/as-of")).hasContent("2026-10-03");
    Lakehouse reopened = TestLakehouses.open(dir.resolve("landing"), dir.resolve("lake"), TestLakehouses.newCatalog(),
        List.of());
    assertThat(reopened.env().asOf()).contains(java.time.LocalDate.parse("2026-10-03"));
    Lakehouse told = TestLakehouses.open(dir.resolve("landing"), dir.resolve("lake"), TestLakehouses.newCatalog(),
        List.of("reporting.as-of=2026-12-01"));
    assertThat(told.env().asOf()).as("reporting.as-of wins").contains(java.time.LocalDate.parse("2026-12-01"));
  }

  @Test
  void demoRefusesALandingZoneItDidNotMake() throws Exception {
    Files.createDirectories(dir.resolve("landing/crm"));
    Files.writeString(dir.resolve("landing/crm/export.csv"), "id\n1\n");
    List<String> args = TestLakehouses.args(dir.resolve("landing"), dir.resolve("lake"), TestLakehouses.newCatalog());
    args.add(0, "demo");
    args.addAll(List.of("--job", TestLakehouses.conf().resolve("jobs/daily.yaml").toString()));
    java.io.StringWriter err = new java.io.StringWriter();
    picocli.CommandLine cli = new picocli.CommandLine(new Main());
    cli.setErr(new java.io.PrintWriter(err));
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("error: " + e.getMessage());
      return 2;
    });
    assertThat(cli.execute(args.toArray(String[]::new))).isEqualTo(2);
    assertThat(err.toString()).contains(dir.resolve("landing") + ": not empty and not made by the demo");
    assertThat(Files.readString(dir.resolve("landing/crm/export.csv"))).isEqualTo("id\n1\n");
  }
}
