package io.c360.cli;

import io.c360.conform.SparkFunctions;
import io.c360.config.EnvironmentConfig;
import io.c360.config.Project;
import io.c360.lake.Lakehouse;
import io.c360.lake.SparkSessions;
import org.apache.spark.sql.SparkSession;

/** Opens the lakehouse for a command: Spark session, c360's SQL functions, every table by name. */
public final class Session {
  private Session() {}

  public static Lakehouse open(EnvironmentConfig env, Project project) {
    SparkSession spark = SparkSessions.start(env);
    SparkFunctions.register(spark, project.identity());
    io.c360.profile.ProfileFunctions.register(spark, project.profile());
    Lakehouse lake = new Lakehouse(spark, env).bootstrap();
    io.c360.model.Views.register(lake, project.models());
    return lake;
  }
}
