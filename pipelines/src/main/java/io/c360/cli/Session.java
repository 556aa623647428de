package io.c360.cli;

import io.c360.conform.SparkFunctions;
import io.c360.config.EnvironmentConfig;
import io.c360.config.Project;
import io.c360.lake.KeptAsOf;
import io.c360.lake.Lakehouse;
import io.c360.lake.SparkSessions;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/** Opens the lakehouse for a command: Spark session, c360's SQL functions, every table by name. */
public final class Session {
  private Session() {}

  /**
   * Opens the lakehouse. Without {@code reporting.as-of}, a day the lakehouse keeps (the demo's,
   * {@link KeptAsOf}) is the as-of day of its gold figures.
   */
  public static Lakehouse open(EnvironmentConfig env, Project project) {
    SparkSession spark = SparkSessions.start(env);
    if (env.asOf().isEmpty()) {
      Optional<LocalDate> kept = KeptAsOf.read(env.lakehouse(), spark.sparkContext().hadoopConfiguration());
      if (kept.isPresent()) {
        env = env.withAsOf(kept.get());
      }
    }
    SparkFunctions.register(spark, project.identity());
    io.c360.profile.ProfileFunctions.register(spark, project.profile());
    Lakehouse lake = new Lakehouse(spark, env).bootstrap();
    io.c360.model.Views.register(lake, project.models());
    return lake;
  }

  /**
   * Opens the lakehouse with only the tables {@code role} is given ({@link io.c360.privacy.Roles});
   * every table when {@code role} is null. An unknown role is a usage error, before Spark starts.
   */
  static Lakehouse open(EnvironmentConfig env, Project project, String role, picocli.CommandLine cli) {
    if (role != null) {
      try {
        project.privacy().role(role);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.ParameterException(cli, "--role: " + e.getMessage());
      }
    }
    Lakehouse lake = open(env, project);
    if (role != null) {
      io.c360.privacy.Roles.narrow(lake, project, role);
    }
    return lake;
  }

  /**
   * Takes the lakehouse's run lock, then registers the tables and views that a run holding it
   * created while this one waited.
   */
  static io.c360.lake.RunLock lock(Lakehouse lake, Project project, String runId, String job,
      java.time.Duration wait) {
    return io.c360.lake.RunLock.holding(lake.lock(runId, job, wait),
        () -> io.c360.model.Views.register(lake, project.models()));
  }

  /** Opens another lakehouse in this process's session: the tables registered for the last one are forgotten first. */
  public static Lakehouse reopen(EnvironmentConfig env, Project project) {
    if (SparkSession.getActiveSession().isDefined()) {
      Lakehouse.forgetRegisteredTables(SparkSession.getActiveSession().get());
    }
    return open(env, project);
  }
}
