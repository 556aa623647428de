package io.c360.job;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a step did: rows read, written and rejected (quarantined or refused), named figures of its own
 * (e.g. customers, identifiers stitched), warnings an operator should see although the step
 * succeeded, and alerts: conditions a scheduler must be told of although the step succeeded (an
 * erasure request past its deadline). Warnings and alerts are printed under the step's progress
 * line; an alert also makes {@code bin/c360 run} exit with 4.
 */
public record StepResult(long rowsRead, long rowsWritten, long rowsRejected, Map<String, Long> figures,
    List<String> warnings, List<String> alerts) {
  public StepResult {
    figures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(figures));
    warnings = List.copyOf(warnings);
    alerts = List.copyOf(alerts);
  }

  public StepResult(long rowsRead, long rowsWritten, long rowsRejected, Map<String, Long> figures) {
    this(rowsRead, rowsWritten, rowsRejected, figures, List.of(), List.of());
  }

  public static StepResult of(long rowsRead, long rowsWritten, long rowsRejected) {
    return new StepResult(rowsRead, rowsWritten, rowsRejected, Map.of());
  }

  public StepResult with(String figure, long value) {
    Map<String, Long> f = new LinkedHashMap<>(figures);
    f.put(figure, value);
    return new StepResult(rowsRead, rowsWritten, rowsRejected, f, warnings, alerts);
  }

  public StepResult withWarning(String warning) {
    List<String> w = new ArrayList<>(warnings);
    w.add(warning);
    return new StepResult(rowsRead, rowsWritten, rowsRejected, figures, w, alerts);
  }

  /** The result with an alert: the step succeeded, but the run must end with exit code 4. */
  public StepResult withAlert(String alert) {
    List<String> a = new ArrayList<>(alerts);
    a.add(alert);
    return new StepResult(rowsRead, rowsWritten, rowsRejected, figures, warnings, a);
  }
}
