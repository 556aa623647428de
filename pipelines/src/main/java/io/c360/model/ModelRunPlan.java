package io.c360.model;

import io.c360.config.ModelSpec;
import java.util.Optional;

/**
 * Whether a model's run rebuilds its table or merges into it, and from which input batch it reads:
 * a model rebuilt every run, a full refresh, a table not yet written, a definition that changed
 * since the last run (its SQL, YAML or normalisation rules: merging would mix rows made by two
 * definitions) or an input model rebuilt since the last run (its batches are no longer the ones
 * this model saw) reads everything and replaces the table; otherwise the run reads the batches
 * after the last one its previous run saw. A run that would touch more than models.rebuild-share
 * of a table rebuilds it too ({@link #recomputesEveryone}, decided by the run once it knows).
 *
 * @param replace the run's rows are the whole table
 * @param sinceBatch the run reads input batches after this one ({@link #EVERYTHING}: all)
 * @param sinceTime strategy customers: the run computes the customers touched after this time
 */
public record ModelRunPlan(boolean replace, long sinceBatch, Optional<java.time.Instant> sinceTime) {
  public static final long EVERYTHING = -1L;

  public ModelRunPlan(boolean replace, long sinceBatch) {
    this(replace, sinceBatch, Optional.empty());
  }

  /** What the model's last recorded run saw: its highest input batch, its definition's hash, when it ended. */
  public record LastRun(Optional<Long> batch, Optional<String> definition, Optional<java.time.Instant> at) {
    public static final LastRun NONE = new LastRun(Optional.empty(), Optional.empty(), Optional.empty());

    public LastRun(Optional<Long> batch, Optional<String> definition) {
      this(batch, definition, Optional.empty());
    }
  }

  /** One run recorded in ops.model_runs, as far as planning the next run needs it. */
  public record RecordedRun(String model, String strategy, boolean replaced, Optional<Long> untilBatch,
      Optional<String> definition, java.time.Instant at) {}

  /** What {@code model}'s latest recorded run among {@code runs} saw; {@link LastRun#NONE} without one. */
  static LastRun lastRun(String model, java.util.Collection<RecordedRun> runs) {
    return runs.stream().filter(r -> r.model().equals(model)).max(java.util.Comparator.comparing(RecordedRun::at))
        .map(r -> new LastRun(r.untilBatch(), r.definition(), Optional.of(r.at()))).orElse(LastRun.NONE);
  }

  /**
   * Whether a model among {@code inputs} replaced its table after {@code last}: its rows were all
   * written again, so reading "after the last batch" would miss changes. A model rebuilt on every
   * run by design (strategy rebuild) is not a reason: its rows change only with its own inputs,
   * which the model reads too. Without a last run there is nothing to have missed.
   */
  static boolean inputRebuiltSince(LastRun last, java.util.Collection<String> inputs,
      java.util.Collection<RecordedRun> runs) {
    return last.at().map(at -> runs.stream().anyMatch(r -> inputs.contains(r.model()) && r.replaced()
        && !r.strategy().equals(ModelSpec.Strategy.REBUILD.id()) && r.at().isAfter(at))).orElse(false);
  }

  /**
   * Whether an incremental run that would recompute {@code touched} of a table's {@code total} items
   * (a model's customers of strategy customers, the identity graph's identifiers) rebuilds the table
   * instead: the items are spread over all of its files, so merging a large share of them rewrites
   * most files, and finding and joining their rows first costs more than writing the table anew.
   * True when more than {@code share} of them are touched; a share of 1 always merges.
   */
  public static boolean recomputesEveryone(long touched, long total, double share) {
    return share < 1 && total > 0 && touched > share * total;
  }

  /**
   * @param definition a hash of what makes the model's rows (SQL, YAML, rules)
   * @param inputRebuilt a model the model reads replaced its table after the model's last run
   */
  public static ModelRunPlan decide(ModelSpec spec, boolean fullRefresh, boolean tableExists, LastRun last,
      String definition, boolean inputRebuilt) {
    boolean redefined = last.definition().map(d -> !d.equals(definition)).orElse(false);
    if (!spec.incremental() || fullRefresh || !tableExists || redefined || inputRebuilt) {
      return new ModelRunPlan(true, EVERYTHING);
    }
    if (spec.strategy() == ModelSpec.Strategy.CUSTOMERS) {
      // The customers touched since the last run; without a recorded run, everyone.
      return last.at().isEmpty() ? new ModelRunPlan(true, EVERYTHING) : new ModelRunPlan(false, EVERYTHING, last.at());
    }
    Optional<Long> lastBatch = last.batch();
    // A table written before its runs were recorded is merged with everything: merges are idempotent.
    return new ModelRunPlan(false, lastBatch.orElse(EVERYTHING));
  }
}
