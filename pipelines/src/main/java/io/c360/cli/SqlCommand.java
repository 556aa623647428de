package io.c360.cli;

import io.c360.config.EnvironmentConfig;
import io.c360.config.Project;
import io.c360.lake.Lakehouse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "sql", mixinStandardHelpOptions = true,
    description = "Run Spark SQL against the lakehouse; tables by name (bronze.*, silver.*, gold.*, ops.*).")
final class SqlCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(SqlCommand.class);

  @Spec
  CommandSpec spec;

  @Mixin
  EnvOptions options;

  @Parameters(index = "0", arity = "0..1", paramLabel = "QUERY",
      description = "e.g. \"select count(*) from gold.customer_360\"")
  String query;

  @Option(names = {"-f", "--file"}, paramLabel = "FILE",
      description = "Run the statements of this file (separated by ;) in order, instead of QUERY; stop at the first error.")
  Path file;

  @Option(names = "--role", paramLabel = "ROLE", description = "Register only the tables conf/privacy.yaml "
      + "gives this role (analyst: masked and aggregate tables). A convenience, not a security boundary.")
  String role;

  @Option(names = "--format", defaultValue = "table", description = "table, csv, json or html (default: ${DEFAULT-VALUE}).")
  ResultFormat format;

  @Option(names = "--limit", defaultValue = "1000", description = "At most this many rows (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--verbose", description = "When the query fails, print the full stack trace after the error line.")
  boolean verbose;

  @Override
  public Integer call() throws IOException {
    if ((query == null) == (file == null)) {
      throw new ParameterException(spec.commandLine(), "give either a QUERY or --file FILE");
    }
    List<SqlScript.Statement> statements = file == null ? List.of(new SqlScript.Statement(query, 1))
        : SqlScript.statements(Files.readString(file, StandardCharsets.UTF_8));
    EnvironmentConfig env = options.load();
    Lakehouse lake = Session.open(env, Project.load(options.conf), role, spec.commandLine());
    for (SqlScript.Statement statement : statements) {
      String text;
      try {
        text = result(lake, statement.text(), format, limit);
      } catch (Exception e) { // Spark's AnalysisException is checked, thrown from Scala undeclared
        PrintWriter err = spec.commandLine().getErr();
        err.println("error: " + (file == null ? "" : file + ":" + statement.line() + ": ") + oneLine(e));
        if (verbose) {
          e.printStackTrace(err);
        } else {
          LOG.debug("query failed: {}", statement.text(), e);
        }
        err.flush();
        return 1;
      }
      System.out.print(text);
      System.out.flush();
    }
    return 0;
  }

  /** What a statement returns, rendered; empty for one that returns no columns (CREATE VIEW, say). */
  static String result(Lakehouse lake, String statement, ResultFormat format, int limit) {
    Dataset<Row> rows = lake.spark().sql(statement);
    return rows.columns().length == 0 ? "" : format.render(rows, limit);
  }

  /**
   * A failed query as one line: Spark's error class and message, with its suggestions ("Did you mean
   * one of the following? ...") and position, without the plan or the SQL excerpt that follow it.
   */
  static String oneLine(Throwable e) {
    // An analysis error's simple message is its whole text without the plan, over a few lines; other
    // errors can carry an executor's stack trace after the first line.
    String message = e instanceof AnalysisException a ? a.getSimpleMessage() : e.getMessage();
    String line = message == null ? "" : message.lines().map(String::strip).filter(l -> !l.isEmpty())
        .limit(e instanceof AnalysisException ? Long.MAX_VALUE : 1).collect(Collectors.joining(" "));
    if (line.isEmpty()) {
      return io.c360.job.JobRunner.describe(e);
    }
    String condition = e instanceof SparkThrowable t ? t.getCondition() : null;
    return condition == null || line.startsWith("[") ? line : "[" + condition + "] " + line;
  }
}
