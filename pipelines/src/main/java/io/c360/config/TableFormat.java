package io.c360.config;

import java.util.Locale;

/** The open table formats a table may be stored in. */
public enum TableFormat {
  DELTA,
  ICEBERG;

  static TableFormat parse(String text, String origin, String key) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ConfigException.at(origin, key, "expected one of delta, iceberg but was '" + text + "'");
    }
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
