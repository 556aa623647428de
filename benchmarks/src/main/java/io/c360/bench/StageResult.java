package io.c360.bench;

import java.util.OptionalLong;

/**
 * One stage measured at one size against its baseline, on the same data in the same process.
 *
 * @param stage e.g. {@code ingest}, {@code identity}, {@code erasure}, {@code daily-incremental}
 * @param size the data size's name, e.g. {@code s1}
 * @param rows rows the stage read (the same for the baseline)
 * @param seconds c360's wall-clock time
 * @param peakMemoryBytes the most heap in use during c360's run, where measured
 * @param baseline what c360 is compared with
 * @param baselineSeconds the baseline's wall-clock time
 */
record StageResult(String stage, String size, long rows, double seconds, OptionalLong peakMemoryBytes,
    String baseline, double baselineSeconds) {

  public StageResult {
    if (seconds <= 0 || baselineSeconds <= 0) {
      throw new IllegalArgumentException(stage + " at " + size + ": times must be positive (" + seconds + ", "
          + baselineSeconds + ")");
    }
  }

  /** c360's time over the baseline's: below 1 is ahead. */
  public double ratio() {
    return seconds / baselineSeconds;
  }

  public double rowsPerSecond() {
    return rows / seconds;
  }
}
