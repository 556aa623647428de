package io.c360.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.udf;

import io.c360.config.SourceConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.types.DataTypes;

/**
 * Reads new landed files once, on the executors, in parallel: each file's SHA-256 (the ledger's
 * identity for content) and whether it is readable as a whole ({@link ContentCheck}). A file is
 * loaded whole into an executor's memory for this (Spark's binaryFile source; at most 2 GB a file).
 */
final class FileChecks {
  record Result(String sha256, Optional<String> problem) {}

  private FileChecks() {}

  /**
   * Results by path, as the listing named the files.
   *
   * @param deep also decompress gzip files to their end ({@link ContentCheck})
   */
  static Map<String, Result> check(SparkSession spark, List<String> paths, SourceConfig source, boolean deep) {
    Map<String, Result> out = new HashMap<>();
    if (paths.isEmpty()) {
      return out;
    }
    Map<String, String> bySamePath = new HashMap<>();
    paths.forEach(p -> bySamePath.put(BronzeBatch.samePath(p), p));
    ContentCheck check = new ContentCheck(source, deep);
    UDF2<String, byte[], String> problem = (path, content) -> check.problem(path, content).orElse(null);
    List<Row> rows = spark.read().format("binaryFile")
        .load(paths.stream().map(RawRecords::literalPath).toArray(String[]::new))
        .select(col("path"), sha2(col("content"), 256),
            udf(problem, DataTypes.StringType).apply(col("path"), col("content")))
        .collectAsList();
    for (Row r : rows) {
      String listed = bySamePath.get(BronzeBatch.samePath(r.getString(0)));
      if (listed != null) {
        out.put(listed, new Result(r.getString(1), Optional.ofNullable(r.getString(2))));
      }
    }
    if (out.size() != paths.size()) {
      throw new IllegalStateException("source " + source.name() + ": checked " + out.size() + " of " + paths.size()
          + " new files; a file may have been removed while it was read");
    }
    return out;
  }
}
