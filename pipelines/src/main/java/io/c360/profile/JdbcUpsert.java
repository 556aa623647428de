package io.c360.profile;

import io.c360.config.ActivationConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;

/**
 * Makes a PostgreSQL table hold exactly a segment's audience, keyed by {@code customer_id}: the rows
 * go to a temporary staging table, then in one transaction new customers are inserted, changed
 * ones updated ({@code INSERT ... ON CONFLICT DO UPDATE}, only where a value differs) and those no
 * longer in the segment deleted. Every value is a bound parameter; table and column names come from
 * validated config. The table is created when missing, with {@code customer_id} as primary key.
 */
final class JdbcUpsert {
  /** What the transaction did. */
  record Result(long inserted, long updated, long deleted) {
    long upserted() {
      return inserted + updated;
    }
  }

  private static final int BATCH = 1_000;

  private final ActivationConfig activation;
  private final Map<String, String> environment;

  JdbcUpsert(ActivationConfig activation, Map<String, String> environment) {
    this.activation = activation;
    this.environment = environment;
  }

  Result send(Dataset<Row> audience) throws SQLException {
    String table = activation.table().orElseThrow();
    List<StructField> fields = List.of(audience.schema().fields());
    List<String> names = fields.stream().map(StructField::name).toList();
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS " + table + " (" + columns(fields) + ", PRIMARY KEY (customer_id))");
        s.execute("CREATE TEMPORARY TABLE c360_stage (LIKE " + table + " INCLUDING DEFAULTS) ON COMMIT DROP");
      }
      try {
        stage(c, audience, fields);
        Result result = merge(c, table, names);
        c.commit();
        return result;
      } catch (SQLException e) {
        c.rollback(); // the destination keeps its previous audience
        throw new IllegalStateException("activation " + activation.name() + ": table " + table + ": "
            + e.getMessage().strip() + "; the table is unchanged", e);
      } catch (RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private Connection connect() throws SQLException {
    String url = env(activation.urlEnv().orElseThrow(), "the JDBC URL");
    Properties p = new Properties();
    activation.userEnv().ifPresent(n -> p.setProperty("user", env(n, "a database credential")));
    activation.passwordEnv().ifPresent(n -> p.setProperty("password", env(n, "a database credential")));
    return DriverManager.getConnection(url, p);
  }

  private void stage(Connection c, Dataset<Row> audience, List<StructField> fields) throws SQLException {
    String placeholders = String.join(", ", fields.stream().map(f -> "?").toList());
    String names = String.join(", ", fields.stream().map(StructField::name).toList());
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO c360_stage (" + names + ") VALUES ("
        + placeholders + ")")) {
      int pending = 0;
      for (Iterator<Row> it = audience.toLocalIterator(); it.hasNext();) {
        Row r = it.next();
        for (int i = 0; i < fields.size(); i++) {
          insert.setObject(i + 1, value(r, i, fields.get(i).dataType()));
        }
        insert.addBatch();
        if (++pending == BATCH) {
          insert.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) {
        insert.executeBatch();
      }
    }
  }

  private Result merge(Connection c, String table, List<String> names) throws SQLException {
    List<String> others = names.stream().filter(n -> !n.equals("customer_id")).toList();
    try (Statement s = c.createStatement()) {
      long deleted = s.executeUpdate("DELETE FROM " + table + " t WHERE NOT EXISTS "
          + "(SELECT 1 FROM c360_stage s WHERE s.customer_id = t.customer_id)");
      String update = others.isEmpty() ? " DO NOTHING" : " DO UPDATE SET "
          + String.join(", ", others.stream().map(n -> n + " = excluded." + n).toList())
          + " WHERE (" + String.join(", ", others.stream().map(n -> table + "." + n).toList()) + ") IS DISTINCT FROM ("
          + String.join(", ", others.stream().map(n -> "excluded." + n).toList()) + ")";
      // xmax is 0 on a row version this statement inserted, and set on one it updated.
      long inserted = 0;
      long updated = 0;
      try (ResultSet r = s.executeQuery("INSERT INTO " + table + " (" + String.join(", ", names) + ") SELECT "
          + String.join(", ", names) + " FROM c360_stage ON CONFLICT (customer_id)" + update
          + " RETURNING (xmax = 0) AS inserted")) {
        while (r.next()) {
          if (r.getBoolean(1)) {
            inserted++;
          } else {
            updated++;
          }
        }
      }
      return new Result(inserted, updated, deleted);
    }
  }

  private static String columns(List<StructField> fields) {
    List<String> out = new ArrayList<>();
    for (StructField f : fields) {
      out.add(f.name() + " " + sqlType(f.dataType()) + (f.name().equals("customer_id") ? " NOT NULL" : ""));
    }
    return String.join(", ", out);
  }

  private static String sqlType(DataType t) {
    if (t.equals(DataTypes.LongType) || t.equals(DataTypes.IntegerType) || t.equals(DataTypes.ShortType)) {
      return "bigint";
    }
    if (t instanceof DecimalType d) {
      return "numeric(" + d.precision() + ", " + d.scale() + ")";
    }
    if (t.equals(DataTypes.DoubleType) || t.equals(DataTypes.FloatType)) {
      return "double precision";
    }
    if (t.equals(DataTypes.BooleanType)) {
      return "boolean";
    }
    if (t.equals(DataTypes.TimestampType)) {
      return "timestamptz";
    }
    if (t.equals(DataTypes.DateType)) {
      return "date";
    }
    return "text";
  }

  private static Object value(Row r, int i, DataType t) {
    if (r.isNullAt(i)) {
      return null;
    }
    Object v = r.get(i);
    if (t.equals(DataTypes.IntegerType) || t.equals(DataTypes.ShortType)) {
      return ((Number) v).longValue();
    }
    if (t.equals(DataTypes.TimestampType)) {
      return ((java.sql.Timestamp) v).toInstant().atOffset(java.time.ZoneOffset.UTC);
    }
    return v; // strings, BigDecimal, Boolean, Long, Double, java.sql.Date: as the driver binds them
  }

  private String env(String name, String holds) {
    String value = environment.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("activation " + activation.name() + ": environment variable " + name
          + " is not set (it holds " + holds + ")");
    }
    return value;
  }
}
