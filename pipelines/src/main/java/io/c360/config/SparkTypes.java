package io.c360.config;

import java.util.Locale;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * Spark SQL type names as written in conf ({@code decimal(12,2)}, {@code array<string>}), checked with
 * the parser the ingest step reads them with ({@link DataType#fromDDL}), which needs no SparkSession.
 */
final class SparkTypes {
  private SparkTypes() {}

  /**
   * Whether Spark reads {@code ddl} as one data type. {@code fromDDL} falls back to reading a column
   * list ({@code email string} becomes a struct); that is refused unless the text says {@code struct}.
   */
  static boolean parses(String ddl) {
    DataType type;
    try {
      type = DataType.fromDDL(ddl);
    } catch (Exception e) { // Spark's ParseException is checked, thrown from Scala undeclared
      return false;
    }
    return !(type instanceof StructType) || ddl.strip().toLowerCase(Locale.ROOT).startsWith("struct");
  }
}
