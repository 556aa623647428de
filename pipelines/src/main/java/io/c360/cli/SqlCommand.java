package io.c360.cli;

import io.c360.config.EnvironmentConfig;
import io.c360.config.Project;
import io.c360.lake.Lakehouse;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.AnalysisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

  @Parameters(index = "0", paramLabel = "QUERY", description = "e.g. \"select count(*) from gold.customer_360\"")
  String query;

  @Option(names = "--format", defaultValue = "table", description = "table, csv, json or html (default: ${DEFAULT-VALUE}).")
  ResultFormat format;

  @Option(names = "--limit", defaultValue = "1000", description = "At most this many rows (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--verbose", description = "When the query fails, print the full stack trace after the error line.")
  boolean verbose;

  @Override
  public Integer call() {
    EnvironmentConfig env = options.load();
    Lakehouse lake = Session.open(env, Project.load(options.conf));
    String text;
    try {
      text = format.render(lake.spark().sql(query), limit);
    } catch (Exception e) { // Spark's AnalysisException is checked, thrown from Scala undeclared
      PrintWriter err = spec.commandLine().getErr();
      err.println("error: " + oneLine(e));
      if (verbose) {
        e.printStackTrace(err);
      } else {
        LOG.debug("query failed: {}", query, e);
      }
      err.flush();
      return 1;
    }
    System.out.print(text);
    System.out.flush();
    return 0;
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
