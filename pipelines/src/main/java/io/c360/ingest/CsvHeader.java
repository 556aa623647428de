package io.c360.ingest;

import io.c360.config.SourceConfig;
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

  static Optional<String> mismatch(String headerLine, SourceConfig source) {
    String delimiter = source.options().getOrDefault("delimiter", source.options().getOrDefault("sep", ","));
    String line = headerLine.startsWith("\uFEFF") ? headerLine.substring(1) : headerLine;
    List<String> found = new ArrayList<>();
    for (String cell : line.split(java.util.regex.Pattern.quote(delimiter), -1)) {
      String c = cell.strip();
      if (c.length() >= 2 && c.startsWith("\"") && c.endsWith("\"")) {
        c = c.substring(1, c.length() - 1);
      }
      found.add(c);
    }
    List<String> expected = new ArrayList<>(source.schema().keySet());
    List<String> a = expected.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    List<String> b = found.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    if (a.equals(b)) {
      return Optional.empty();
    }
    return Optional.of("CSV header does not match the declared schema: expected " + String.join(",", expected)
        + " but found " + String.join(",", found));
  }
}
