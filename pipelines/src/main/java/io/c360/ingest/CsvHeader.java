package io.c360.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a CSV file's header names the declared columns in order (case aside). A file whose
 * header does not would fail Spark's read of the whole batch, so it is set aside as corrupt. The
 * problem names the columns expected, never the values found (personal data, when a file has no
 * header).
 */
final class CsvHeader {
  private static final String PROBLEM = "CSV header does not match the declared schema";

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
    int differs = 0;
    while (differs < Math.min(a.size(), b.size()) && a.get(differs).equals(b.get(differs))) {
      differs++;
    }
    // The header found is not quoted: a file landed without one has a record for its first line.
    return Optional.of(PROBLEM + ": expected " + String.join(",", expected) + "; found " + found.size()
        + (found.size() == 1 ? " column" : " columns") + ", the first that differs is column " + (differs + 1));
  }

  /** True for the problem {@link #mismatch} reports. */
  static boolean isMismatch(String problem) {
    return problem.startsWith(PROBLEM + ": ");
  }
}
