package io.c360.cli;

import io.c360.config.EnvironmentConfig;
import io.c360.config.Project;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sql", mixinStandardHelpOptions = true,
    description = "Run Spark SQL against the lakehouse; tables by name (bronze.*, silver.*, gold.*, ops.*).")
final class SqlCommand implements Callable<Integer> {
  @Mixin
  EnvOptions options;

  @Parameters(index = "0", paramLabel = "QUERY", description = "e.g. \"select count(*) from gold.customer_360\"")
  String query;

  @Option(names = "--format", defaultValue = "table", description = "table, csv, json or html (default: ${DEFAULT-VALUE}).")
  ResultFormat format;

  @Option(names = "--limit", defaultValue = "1000", description = "At most this many rows (default: ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() {
    EnvironmentConfig env = options.load();
    Dataset<Row> result = Session.open(env, Project.load(options.conf)).spark().sql(query);
    System.out.print(format.render(result, limit));
    System.out.flush();
    return 0;
  }
}
