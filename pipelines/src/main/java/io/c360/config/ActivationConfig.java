package io.c360.config;

import java.util.List;
import java.util.Optional;

/**
 * Where a segment's members go and which of their columns: files ({@code csv} or {@code parquet})
 * under the exports folder, or a table of a database reached by JDBC, upserted by
 * {@code customer_id}. Credentials are only ever named here, by environment variable.
 */
public record ActivationConfig(String name, String segment, Kind kind, String format, Optional<String> table,
    Optional<String> urlEnv, Optional<String> userEnv, Optional<String> passwordEnv, List<String> columns) {

  /** Files or a database table. */
  public enum Kind {
    FILE, JDBC
  }

  public ActivationConfig {
    columns = List.copyOf(columns);
  }
}
