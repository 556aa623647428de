package io.c360.job;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a step did: rows read, written and rejected (quarantined or refused), and named figures of
 * its own (e.g. customers, identifiers stitched).
 */
public record StepResult(long rowsRead, long rowsWritten, long rowsRejected, Map<String, Long> figures) {
  public StepResult {
    figures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(figures));
  }

  public static StepResult of(long rowsRead, long rowsWritten, long rowsRejected) {
    return new StepResult(rowsRead, rowsWritten, rowsRejected, Map.of());
  }

  public StepResult with(String figure, long value) {
    Map<String, Long> f = new LinkedHashMap<>(figures);
    f.put(figure, value);
    return new StepResult(rowsRead, rowsWritten, rowsRejected, f);
  }
}
