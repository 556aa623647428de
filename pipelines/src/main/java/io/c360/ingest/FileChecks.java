package io.c360.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.udf;

import io.c360.config.SourceConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
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

  /** SHA-256 of no bytes, as Spark's sha2 writes it. */
  static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

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
    if (out.size() < paths.size()) {
      emptyFiles(spark, paths, out, check);
    }
    if (out.size() != paths.size()) {
      throw new IllegalStateException("source " + source.name() + ": checked " + out.size() + " of " + paths.size()
          + " new files; a file may have been removed while it was read");
    }
    return out;
  }

  /**
   * Spark's file scans skip zero-length files, so an empty landed file (a day without changes) is
   * checked here, on the driver, with no content. A file that is gone is left out (and refused).
   */
  private static void emptyFiles(SparkSession spark, List<String> paths, Map<String, Result> out, ContentCheck check) {
    var hadoop = spark.sparkContext().hadoopConfiguration();
    for (String p : paths) {
      if (out.containsKey(p)) {
        continue;
      }
      Path path = new Path(p);
      try {
        FileSystem fs = path.getFileSystem(hadoop);
        if (fs.exists(path) && fs.getFileStatus(path).getLen() == 0) {
          out.put(p, new Result(EMPTY_SHA256, check.problem(p, new byte[0])));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("source file " + p + ": cannot read its status", e);
      }
    }
  }
}
