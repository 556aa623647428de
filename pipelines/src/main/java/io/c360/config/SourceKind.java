package io.c360.config;

import java.util.Locale;

/** How a source's raw records arrive. */
public enum SourceKind {
  /** Segment / RudderStack spec events, newline-delimited JSON, plain or gzip. */
  EVENTS,
  /** Delimited text files with a header. */
  CSV,
  /** Newline-delimited JSON files with a declared schema. */
  JSON,
  /** Parquet files. */
  PARQUET,
  /** A table of an operational database, read incrementally by a watermark column. */
  JDBC,
  /** Debezium change events (JSON envelope, op c/u/r/d with before and after), newline-delimited. */
  CDC;

  static SourceKind parse(String text, Node node, String key) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw node.error(key, "expected one of events, csv, json, parquet, jdbc, cdc but was '" + text + "'");
    }
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
