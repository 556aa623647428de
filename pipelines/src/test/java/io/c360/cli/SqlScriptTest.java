package io.c360.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.c360.cli.SqlScript.Statement;
import org.junit.jupiter.api.Test;

/** Cutting SQL text into statements: semicolons in quotes and comments do not end one. */
class SqlScriptTest {
  @Test
  void statementsAreCutAtSemicolonsAndKeepTheLineTheyStartOn() {
    String script = """
        -- segments; per day
        create temp view s as
          select 'a;b' as t, "x;y" as u, `odd;name` from values (1) as v(`odd;name`);

        /* a block;
           comment */ select * from s;
        select 2 -- no semicolon after the last one
        """;
    assertThat(SqlScript.statements(script)).containsExactly(
        new Statement("create temp view s as\n  select 'a;b' as t, \"x;y\" as u, `odd;name` from values (1) as "
            + "v(`odd;name`)", 2),
        new Statement("select * from s", 6),
        new Statement("select 2 -- no semicolon after the last one", 7));
  }

  @Test
  void anEscapedQuoteStaysInsideItsString() {
    assertThat(SqlScript.statements("select 'it\\'s; fine' as t; select 1"))
        .extracting(Statement::text).containsExactly("select 'it\\'s; fine' as t", "select 1");
  }

  @Test
  void aShellRunsWhatItHasOnlyOnceAStatementEnds() {
    assertThat(SqlScript.complete("select 1")).isFalse();
    assertThat(SqlScript.complete("select 1;")).isTrue();
    assertThat(SqlScript.complete("select 1;\n  -- done\n")).isTrue();
    assertThat(SqlScript.complete("select ';")).isFalse();
    assertThat(SqlScript.complete("select 1 /* ; */")).isFalse();
    assertThat(SqlScript.complete("select 1; select")).isFalse();
    assertThat(SqlScript.cut("-- only a comment\n").open()).isFalse();
    assertThat(SqlScript.cut("-- only a comment\n").statements()).isEmpty();
    assertThat(SqlScript.statements(" ;; \n")).isEmpty();
  }
}
