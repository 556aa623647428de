package io.c360.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a CSV file's header names the declared columns in order (case aside). A file whose
 * header does not would fail Spark's read of the whole batch, so it is set aside as corrupt.
 */
final class CsvHeader {
  private CsvHeader() {}

  static Optional<String> mismatch(String headerLine, List<String> expected, java.util.Map<String, String> options) {
    String delimiter = options.getOrDefault("delimiter", options.getOrDefault("sep", ","));
    String line = headerLine.startsWith("\uFEFF") ? headerLine.substring(1) : headerLine;
    List<String> found = new ArrayList<>();
    for (String cell : line.split(java.util.regex.Pattern.quote(delimiter), -1)) {
      String c = cell.strip();
      if (c.length() >= 2 && c.startsWith("\"") && c.endsWith("\"")) {
        c = c.substring(1, c.length() - 1);
      }
      found.add(c);
    }
    List<String> a = expected.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    List<String> b = found.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    if (a.equals(b)) {
      return Optional.empty();
    }
    return Optional.of("CSV header does not match the declared schema: expected " + String.join(",", expected)
        + " but found " + String.join(",", found));
  }
}
