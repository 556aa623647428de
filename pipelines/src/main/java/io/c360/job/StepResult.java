package io.c360.job;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a step did: rows read, written and rejected (quarantined or refused), named figures of its own
 * (e.g. customers, identifiers stitched), and warnings an operator should see although the step
 * succeeded (printed under its progress line).
 */
public record StepResult(long rowsRead, long rowsWritten, long rowsRejected, Map<String, Long> figures,
    List<String> warnings) {
  public StepResult {
    figures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(figures));
    warnings = List.copyOf(warnings);
  }

  public StepResult(long rowsRead, long rowsWritten, long rowsRejected, Map<String, Long> figures) {
    this(rowsRead, rowsWritten, rowsRejected, figures, List.of());
  }

  public static StepResult of(long rowsRead, long rowsWritten, long rowsRejected) {
    return new StepResult(rowsRead, rowsWritten, rowsRejected, Map.of());
  }

  public StepResult with(String figure, long value) {
    Map<String, Long> f = new LinkedHashMap<>(figures);
    f.put(figure, value);
    return new StepResult(rowsRead, rowsWritten, rowsRejected, f, warnings);
  }

  public StepResult withWarning(String warning) {
    List<String> w = new ArrayList<>(warnings);
    w.add(warning);
    return new StepResult(rowsRead, rowsWritten, rowsRejected, figures, w);
  }
}
