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
        + "; " + difference(a, b));
  }

  /**
   * Where the first line departs from the declared names, told by position and declared name only:
   * a file without a header has a record there, and a reason is kept where an erasure of its values
   * would not look.
   */
  private static String difference(List<String> expected, List<String> found) {
    for (int i = 0; i < Math.min(expected.size(), found.size()); i++) {
      if (!expected.get(i).equals(found.get(i))) {
        return "the first line has " + found.size() + " fields and field " + (i + 1) + " is not '" + expected.get(i)
            + "' (a file without a header, or columns in another order or spelling)";
      }
    }
    return "the first line has " + found.size() + " fields, expected " + expected.size();
  }
}
