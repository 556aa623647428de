package io.c360.config;

import java.util.Set;

/** A table addressed as {@code schema.table}, e.g. {@code gold.customer_360}. */
public record TableName(String schema, String table) {
  /** The schemas (layers) c360 writes. */
  public static final Set<String> SCHEMAS = Set.of("bronze", "silver", "gold", "ops", "compliance");

  public TableName {
    if (!Text.isIdentifier(schema) || !Text.isIdentifier(table)) {
      throw new ConfigException("table name '" + schema + "." + table
          + "': expected lower-case letters, digits and _ in schema and table");
    }
  }

  public static TableName of(String schema, String table) {
    return new TableName(schema, table);
  }

  /** Parses {@code schema.table}. */
  public static TableName parse(String qualified) {
    int dot = qualified.indexOf('.');
    if (dot <= 0 || dot != qualified.lastIndexOf('.')) {
      throw new ConfigException("table name '" + qualified + "': expected schema.table");
    }
    return new TableName(qualified.substring(0, dot), qualified.substring(dot + 1));
  }

  @Override
  public String toString() {
    return schema + "." + table;
  }
}
