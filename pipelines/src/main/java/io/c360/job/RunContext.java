package io.c360.job;

import java.time.Instant;

/**
 * What a step knows of the run it is part of.
 *
 * @param runId identifies the job run in ops tables
 * @param batchId identifies what this run writes in bronze (one batch per run)
 * @param startedAt when the run started
 * @param fullRefresh incremental models are rebuilt from all of bronze instead of its new batches
 */
public record RunContext(String runId, long batchId, Instant startedAt, boolean fullRefresh) {
  public RunContext(String runId, long batchId, Instant startedAt) {
    this(runId, batchId, startedAt, false);
  }
}
