package io.c360.notebook;

import io.c360.cli.ResultFormat;
import io.c360.cli.Session;
import io.c360.config.EnvironmentConfig;
import io.c360.config.Project;
import io.c360.identity.Explain;
import io.c360.lake.Lakehouse;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What every notebook starts with (notebooks/c360.json calls {@link #open()}): the lakehouse opened
 * as jobs open it, so tables resolve by name, and helpers that show results.
 */
public final class Notebook {
  /** Rows an HTML result shows. */
  public static final int SHOWN_ROWS = 50;

  private final Lakehouse lake;
  private final Project project;

  private Notebook(Lakehouse lake, Project project) {
    this.lake = lake;
    this.project = project;
  }

  /**
   * Opens the lakehouse named by the kernel's environment: {@code C360_HOME} (the repository, whose
   * {@code conf/} is read), {@code C360_ENV} (default {@code conf/env/local.yaml}) and
   * {@code C360_LAKEHOUSE} (default: the environment's {@code paths.lakehouse}, relative to
   * {@code C360_HOME}). With {@code C360_ROLE} (analyst), only that role's tables are registered.
   */
  public static Notebook open() {
    Map<String, String> env = System.getenv();
    Path home = Path.of(env.getOrDefault("C360_HOME", ".")).toAbsolutePath().normalize();
    Path conf = home.resolve("conf");
    Path envFile = env.containsKey("C360_ENV") ? home.resolve(env.get("C360_ENV")) : conf.resolve("env/local.yaml");
    Notebook notebook = open(home, envFile, lakehouse(home, env, conf, envFile));
    String role = env.get("C360_ROLE");
    if (role != null && !role.isBlank()) {
      io.c360.privacy.Roles.narrow(notebook.lake, notebook.project, role.strip());
    }
    return notebook;
  }

  /** The lakehouse at {@code lakehouse} with the configuration of the repository at {@code home}. */
  public static Notebook open(Path home, Path envFile, String lakehouse) {
    Path conf = home.resolve("conf");
    EnvironmentConfig env = EnvironmentConfig.load(conf, envFile, List.of("paths.lakehouse=" + lakehouse),
        System.getenv(), home);
    Project project = Project.load(conf);
    return new Notebook(Session.open(env, project), project);
  }

  /**
   * {@code C360_LAKEHOUSE} if set, else the environment file's {@code paths.lakehouse}; a relative
   * path is taken from the repository, not from the notebook's folder.
   */
  static String lakehouse(Path home, Map<String, String> env, Path conf, Path envFile) {
    String requested = env.get("C360_LAKEHOUSE");
    String path = requested != null && !requested.isBlank() ? requested
        : EnvironmentConfig.load(conf, envFile, List.of(), env, home).lakehouse();
    return path.contains("://") ? path : home.resolve(path).normalize().toString();
  }

  public SparkSession spark() {
    return lake.spark();
  }

  public Dataset<Row> sql(String query) {
    return lake.spark().sql(query);
  }

  /** Whether a table exists (a compliance table appears with the first erasure). */
  public boolean exists(String table) {
    return lake.spark().catalog().tableExists(table);
  }

  /** `bin/c360 explain --customer-id`: the customer's identifiers, links, refusals and merges. */
  public String explain(String customerId) {
    return new Explain(lake, project.identity()).customer(customerId);
  }

  /** The first {@link #SHOWN_ROWS} rows as an HTML table. */
  public static String html(Dataset<Row> data) {
    return ResultFormat.html.render(data, SHOWN_ROWS);
  }

  /**
   * A small result as columns of plain values, the form chart libraries take: decimals as doubles,
   * dates and times as text. At most 10,000 rows.
   */
  public static Map<String, List<Object>> columns(Dataset<Row> data) {
    Map<String, List<Object>> out = new LinkedHashMap<>();
    String[] names = data.columns();
    for (String n : names) {
      out.put(n, new ArrayList<>());
    }
    for (Row r : data.limit(10_000).collectAsList()) {
      for (int i = 0; i < names.length; i++) {
        out.get(names[i]).add(plain(r.isNullAt(i) ? null : r.get(i)));
      }
    }
    return out;
  }

  static Object plain(Object value) {
    if (value instanceof BigDecimal d) {
      return d.doubleValue();
    }
    if (value instanceof java.util.Date || value instanceof java.time.temporal.Temporal) {
      return value.toString();
    }
    return value;
  }
}
