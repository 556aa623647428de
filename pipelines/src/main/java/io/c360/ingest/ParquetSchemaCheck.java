package io.c360.ingest;

import io.c360.config.SourceConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Whether a Parquet file's own schema gives each declared column its declared type (a column the
 * file lacks is fine: it reads as null). Reading a file that disagrees would fail the whole batch,
 * so such a file is set aside as corrupt. Only the file's footer is read.
 */
final class ParquetSchemaCheck {
  private ParquetSchemaCheck() {}

  static Optional<String> problem(SparkSession spark, String path, SourceConfig source) {
    StructType actual;
    try {
      actual = spark.read().parquet(RawRecords.literalPath(path)).schema();
    } catch (RuntimeException e) {
      return Optional.of("not a readable Parquet file: " + e.getMessage().lines().findFirst().orElse(""));
    }
    List<String> mismatches = new ArrayList<>();
    for (StructField declared : RawRecords.declared(source).fields()) {
      for (StructField found : actual.fields()) {
        if (found.name().equalsIgnoreCase(declared.name()) && !found.dataType().sameType(declared.dataType())) {
          mismatches.add(declared.name() + " is " + found.dataType().simpleString() + " in the file, declared "
              + declared.dataType().simpleString());
        }
      }
    }
    return mismatches.isEmpty() ? Optional.empty()
        : Optional.of("Parquet schema does not match the declared one: " + String.join("; ", mismatches));
  }
}
