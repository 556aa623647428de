package io.c360.model;

import io.c360.config.ModelSpec;
import java.util.Optional;

/**
 * Whether a model's run rebuilds its table or merges into it, and from which input batch it reads:
 * a model rebuilt every run, a full refresh, or a table not yet written reads everything and
 * replaces the table; otherwise the run reads the batches after the last one its previous run saw.
 *
 * @param replace the run's rows are the whole table
 * @param sinceBatch the run reads input batches after this one ({@link #EVERYTHING}: all)
 */
public record ModelRunPlan(boolean replace, long sinceBatch) {
  public static final long EVERYTHING = -1L;

  /**
   * @param lastBatch the highest input batch the model's last recorded run had seen, if any
   */
  public static ModelRunPlan decide(ModelSpec spec, boolean fullRefresh, boolean tableExists, Optional<Long> lastBatch) {
    if (!spec.incremental() || fullRefresh || !tableExists) {
      return new ModelRunPlan(true, EVERYTHING);
    }
    // A table written before its runs were recorded is merged with everything: merges are idempotent.
    return new ModelRunPlan(false, lastBatch.orElse(EVERYTHING));
  }
}
