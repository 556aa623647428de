package io.c360.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.c360.testing.ReferenceLakehouse;
import io.c360.testing.TestLakehouses;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `c360 sql` with a mistyped name prints Spark's error on one line and exits 1; --verbose adds the trace. */
class SqlCommandTest {
  @TempDir
  Path dir;

  private record Result(int exit, String out, String err) {}

  private Result sql(String... extra) {
    List<String> args = new ArrayList<>(List.of("sql"));
    args.addAll(List.of(extra));
    args.addAll(TestLakehouses.args(dir.resolve("landing"), dir.resolve("lake"), TestLakehouses.newCatalog()));
    return run(args);
  }

  /** {@code sql} on the tests' reference lakehouse (read only). */
  private static Result onReference(String... extra) {
    ReferenceLakehouse reference = ReferenceLakehouse.get();
    List<String> args = new ArrayList<>(List.of("sql", "--format", "csv"));
    args.addAll(List.of(extra));
    args.addAll(reference.args(reference.lake(), TestLakehouses.newCatalog()));
    return run(args);
  }

  private static Result run(List<String> args) {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setErr(new PrintWriter(err));
    TestLakehouses.forgetRegisteredTables();
    java.io.PrintStream stdout = System.out;
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int exit;
    try {
      System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
      exit = cli.execute(args.toArray(String[]::new));
    } finally {
      System.setOut(stdout);
    }
    return new Result(exit, out.toString(java.nio.charset.StandardCharsets.UTF_8), err.toString());
  }

  @Test
  void aMistypedTableOrColumnIsOneLineAndExit1() {
    Result table = sql("select * from gold.custmer_360");
    assertThat(table.exit()).isEqualTo(1);
    assertThat(table.out()).isEmpty();
    assertThat(table.err()).isEqualTo("error: [TABLE_OR_VIEW_NOT_FOUND] The table or view `gold`.`custmer_360` "
        + "cannot be found. Verify the spelling and correctness of the schema and catalog. If you did not qualify "
        + "the name with a schema, verify the current_schema() output, or qualify the name with the correct schema "
        + "and catalog. To tolerate the error on drop use DROP VIEW IF EXISTS or DROP TABLE IF EXISTS. "
        + "SQLSTATE: 42P01; line 1 pos 14" + System.lineSeparator());

    Result column = sql("select revenu from values (1, 2.5) as t(customer_id, revenue)");
    assertThat(column.exit()).isEqualTo(1);
    assertThat(column.err()).isEqualTo("error: [UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function "
        + "parameter with name `revenu` cannot be resolved. Did you mean one of the following? [`revenue`, "
        + "`customer_id`]. SQLSTATE: 42703; line 1 pos 7" + System.lineSeparator());

    Result syntax = sql("select * form gold.customer_360");
    assertThat(syntax.exit()).isEqualTo(1);
    assertThat(syntax.err()).startsWith("error: [PARSE_SYNTAX_ERROR] Syntax error at or near ")
        .hasLineCount(1);
  }

  @Test
  void verbosePrintsTheStackTraceAfterTheLine() {
    Result r = sql("select * from gold.custmer_360", "--verbose");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: [TABLE_OR_VIEW_NOT_FOUND] The table or view `gold`.`custmer_360` ")
        .contains("AnalysisException").contains("\tat org.apache.spark.");
  }

  @Test
  void aFileRunsItsStatementsInOrderAndNamesTheLineOfTheOneThatFails() throws Exception {
    Path script = dir.resolve("report.sql");
    java.nio.file.Files.writeString(script, """
        -- a view, then two queries; the fourth statement fails
        create or replace temp view report_t as select * from values (1, 'a;b'), (2, 'c') as v(n, s);
        select count(*) as rows_in_t from report_t;

        select s
        from report_t where n = 1;
        select nope from report_t;
        select 'never run' as never;
        """);
    Result r = sql("--file", script.toString(), "--format", "csv");
    assertThat(r.exit()).as(r.err()).isEqualTo(1);
    assertThat(r.out().lines().toList()).as(r.err()).containsExactly("rows_in_t", "2", "s", "a;b");
    assertThat(r.err()).startsWith("error: " + script + ":7: [UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, ")
        .hasLineCount(1);

    Result neither = sql();
    assertThat(neither.exit()).isEqualTo(2);
    assertThat(neither.err()).startsWith("give either a QUERY or --file FILE");
  }

  @Test
  void theShellRunsWhatItIsGivenOnOneSessionAndGoesOnAfterAnError() {
    String input = """
        create or replace temp view shell_t as select 1 as n;
        select n + 1 as m
          from shell_t;
        select nope from shell_t;
        select 'still here' as s;
        quit
        select 'after quit' as never;
        """;
    List<String> args = new ArrayList<>(List.of("shell", "--format", "csv"));
    args.addAll(TestLakehouses.args(dir.resolve("landing"), dir.resolve("lake"), TestLakehouses.newCatalog()));
    TestLakehouses.forgetRegisteredTables();
    java.io.InputStream stdin = System.in;
    java.io.PrintStream stdout = System.out;
    java.io.PrintStream stderr = System.err;
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    int exit;
    try {
      System.setIn(new java.io.ByteArrayInputStream(input.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
      System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
      exit = new CommandLine(new Main()).execute(args.toArray(String[]::new));
    } finally {
      System.setIn(stdin);
      System.setOut(stdout);
      System.setErr(stderr);
    }
    assertThat(exit).isEqualTo(1);
    assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList())
        .containsExactly("m", "2", "s", "still here");
    assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8).lines()
        .filter(l -> l.startsWith("error: ")).toList()).hasSize(1).first().asString()
        .startsWith("error: [UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, ");
  }

  @Test
  void anAnalystSeesTheMaskedCustomer360AndNotTheTableItMasks() {
    ReferenceLakehouse reference = ReferenceLakehouse.get();
    long customers = ReferenceLakehouse.table(reference.lake(), "gold.customer_360").count();

    Result tables = onReference("--role", "analyst", "show tables in gold");
    assertThat(tables.exit()).as(tables.err()).isZero();
    // Temporary views (reference data such as fx_rates, this JVM's other tests' views) are not c360's tables.
    assertThat(tables.out().lines().skip(1).filter(l -> l.endsWith(",false")).map(l -> l.split(",")[1]).sorted()
        .toList()).containsExactly(
        "customer_360_masked", "customer_daily_activity", "customer_orders", "segment_membership", "segments");

    Result masked = onReference("--role", "analyst",
        "select count(*), count_if(exists(emails, e -> e not like '_***@%')) from gold.customer_360_masked");
    assertThat(masked.exit()).as(masked.err()).isZero();
    assertThat(masked.out().lines().toList()).last().isEqualTo(customers + ",0");

    Result hidden = onReference("--role", "analyst", "select * from gold.customer_360");
    assertThat(hidden.exit()).isEqualTo(1);
    assertThat(hidden.err()).startsWith("error: [TABLE_OR_VIEW_NOT_FOUND] The table or view `gold`.`customer_360` "
        + "cannot be found.");
    assertThat(onReference("--role", "analyst", "select * from silver.events limit 1").err())
        .startsWith("error: [TABLE_OR_VIEW_NOT_FOUND] The table or view `silver`.`events` cannot be found.");

    Result unknown = onReference("--role", "admin", "select 1");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).startsWith("--role: unknown role 'admin' (conf/privacy.yaml roles: analyst)");

    Result everyone = onReference("select count(*) from gold.customer_360");
    assertThat(everyone.out().lines().toList()).as("without a role, every table").last().isEqualTo("" + customers);
  }

  @Test
  void aGoodQueryStillPrintsItsRows() {
    Result r = sql("select 1 as one", "--format", "csv");
    assertThat(r.exit()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).contains("one").contains("1");
  }
}
