package io.c360.ingest;

import io.c360.config.SourceKind;

/**
 * How a file rejected as a whole is accounted in ops.quarantine: line by line (each line a row,
 * its text the record) when its lines can be read, as those of a CSV whose header does not match,
 * so that the lines in are bronze plus quarantine; otherwise one row without a record, whose reason
 * says so for a text file (one that does not decompress).
 */
final class RejectedFile {
  private RejectedFile() {}

  /** True when the file's lines are quarantined one by one. */
  static boolean byLine(String problem) {
    return CsvHeader.isMismatch(problem);
  }

  /** The reason on each of the file's quarantine rows. */
  static String reason(SourceKind kind, String problem, boolean byLine) {
    if (byLine || kind == SourceKind.PARQUET) {
      return problem + " (the whole file; it stays in the landing zone)";
    }
    return problem + " (the whole file, whose lines cannot be read one by one; it stays in the landing zone)";
  }
}
