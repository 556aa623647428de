package io.c360.privacy;

import io.c360.config.Models;
import io.c360.config.Project;
import io.c360.config.TableFormat;
import io.c360.config.TableName;
import io.c360.lake.Lakehouse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;

/**
 * Narrows a session to a role's tables ({@code conf/privacy.yaml: roles}): every other c360 table and
 * view is dropped from the session's catalog, so {@code gold.customer_360} is "not found" to an
 * analyst while {@code gold.customer_360_masked} reads. A masked view still reads the table it masks:
 * it is created again over that table's files ({@code delta.`<location>`}, or the Iceberg catalog's
 * name), not its name.
 *
 * <p>A convenience that keeps people on masked data, not a security boundary: whoever runs the
 * session can read the lakehouse's files. A deployment that must enforce it grants tables to roles
 * in its catalog (Unity Catalog, AWS Lake Formation, Apache Polaris or Ranger on a Hive metastore).
 */
public final class Roles {
  private Roles() {}

  /** What a role's session holds: the tables it was given, and those not built yet. */
  public record Narrowed(String role, List<TableName> registered, List<TableName> absent) {}

  /** Keeps only {@code role}'s tables registered in the lakehouse's session. */
  public static Narrowed narrow(Lakehouse lake, Project project, String role) {
    List<TableName> given = project.privacy().role(role);
    Set<TableName> registered = registered(lake);
    List<TableName> hidden = registered.stream().filter(t -> !given.contains(t)).toList();
    List<String> views = new ArrayList<>();
    for (TableName t : given) {
      String model = t.schema() + "/" + t.table();
      if (Models.VIEWS.contains(model) && registered.contains(t)) {
        views.add("CREATE OR REPLACE VIEW " + t + " AS\n" + overFiles(lake, project.models().sql(model), hidden));
      }
    }
    for (TableName t : hidden) {
      // Names come from the catalog's own listing of c360's schemas.
      lake.spark().sql((isView(lake, t) ? "DROP VIEW IF EXISTS " : "DROP TABLE IF EXISTS ") + t);
    }
    views.forEach(lake.spark()::sql);
    List<TableName> absent = given.stream().filter(t -> !registered.contains(t)).toList();
    return new Narrowed(role, given.stream().filter(registered::contains).toList(), absent);
  }

  /**
   * A view's SQL with each hidden table's name replaced by a reference to its files. Table names are
   * validated identifiers ({@code schema.table}); a name only matches whole, not inside a longer one.
   */
  static String overFiles(Lakehouse lake, String sql, List<TableName> hidden) {
    String out = sql;
    for (TableName t : hidden) {
      String reference = lake.env().formatOf(t) == TableFormat.ICEBERG ? lake.env().icebergCatalog() + "." + t
          : "delta.`" + lake.location(t).replace("`", "``") + "`";
      Matcher m = Pattern.compile("(?<![\\w.`])" + Pattern.quote(t.toString()) + "(?![\\w`])", Pattern.CASE_INSENSITIVE)
          .matcher(out);
      out = m.replaceAll(Matcher.quoteReplacement(reference));
    }
    return out;
  }

  private static Set<TableName> registered(Lakehouse lake) {
    Set<TableName> out = new LinkedHashSet<>();
    for (String schema : TableName.SCHEMAS.stream().sorted().toList()) {
      if (!lake.spark().catalog().databaseExists(schema)) {
        continue;
      }
      for (Row r : lake.spark().sql("SHOW TABLES IN " + TableName.of(schema, "x").schema()).collectAsList()) {
        if (!r.getBoolean(2)) { // isTemporary
          out.add(TableName.of(schema, r.getString(1).toLowerCase(Locale.ROOT)));
        }
      }
    }
    return out;
  }

  private static boolean isView(Lakehouse lake, TableName t) {
    try {
      return "VIEW".equalsIgnoreCase(lake.spark().catalog().getTable(t.toString()).tableType());
    } catch (Exception e) { // AnalysisException: checked in Java's eyes, thrown from Scala undeclared
      throw new IllegalStateException("cannot look up " + t + " in the session's catalog", e);
    }
  }
}
