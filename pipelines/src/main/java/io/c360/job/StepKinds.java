package io.c360.job;

import io.c360.config.Project;
import io.c360.config.StepConfig;
import io.c360.config.StepKind;
import io.c360.identity.IdentifiersStep;
import io.c360.identity.IdentityStep;
import io.c360.ingest.IngestStep;
import io.c360.ingest.LedgerCache;
import io.c360.lake.Lakehouse;
import io.c360.model.RunHistory;
import io.c360.privacy.SuppressionList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/** The executable side of each {@link StepKind}: how a step of that kind runs on Spark. */
public final class StepKinds {
  private final Map<String, BiFunction<StepConfig, Lakehouse, Step>> factories = new LinkedHashMap<>();
  private final Lakehouse lake;
  private final LedgerCache ledger;

  /**
   * Steps made by one StepKinds belong to one job run: they share its run history, and their
   * records go to {@code ops}.
   */
  public StepKinds(Lakehouse lake, Project project, io.c360.lake.OpsRows ops) {
    this.lake = lake;
    RunHistory history = new RunHistory(lake, ops);
    this.ledger = new LedgerCache(lake);
    factories.put(StepKind.INGEST.name(), (s, l) -> new IngestStep(l, project.source(s.param("source")),
        SuppressionList.load(l, SuppressionList.salt(l)).withTyped(project.privacy()), ledger, history));
    factories.put(StepKind.SQL.name(), (s, l) -> new io.c360.model.ModelStep(l, project.models(), s.param("model"),
        project.identity().email(), project.sources().values(),
        s.param("model").startsWith("gold/") ? project.profile().toString() : "", history));
    factories.put(StepKind.IDENTIFIERS.name(), (s, l) -> new IdentifiersStep(l, project, history));
    factories.put(StepKind.IDENTITY.name(), (s, l) -> new IdentityStep(l, project.identity(), history));
    factories.put(StepKind.SEGMENTS.name(), (s, l) -> new io.c360.profile.SegmentStep(l, project.profile()));
    factories.put(StepKind.ERASE_REQUESTS.name(), (s, l) -> new io.c360.privacy.ErasureIntakeStep(l, project));
    factories.put(StepKind.RETENTION.name(), (s, l) -> new io.c360.privacy.RetentionStep(l, project));
    factories.put(StepKind.ACTIVATE.name(), (s, l) -> new io.c360.profile.ActivationStep(l,
        project.profile().activation(s.param("activation"))));
  }

  /** The kinds that have an implementation; every declared {@link StepKind} must be among them. */
  public java.util.Set<String> names() {
    return factories.keySet();
  }

  /**
   * The step to run next. The job's ingest steps share one read of the ingest ledger; any other
   * step may write the ledger (an erasure rewrites landed files), so it is read again after one.
   */
  public Step create(StepConfig step) {
    if (!step.kind().equals(StepKind.INGEST.name())) {
      ledger.clear();
    }
    var factory = factories.get(step.kind());
    if (factory == null) {
      throw new IllegalStateException("no implementation registered for step kind " + step.kind());
    }
    return factory.apply(step, lake);
  }
}
