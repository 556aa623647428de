package io.c360.privacy;

import io.c360.config.PrivacyRules;
import io.c360.config.Project;
import io.c360.config.Retention;
import io.c360.ingest.LandingRetention;
import io.c360.job.RunContext;
import io.c360.job.Step;
import io.c360.job.StepResult;
import io.c360.lake.Lakehouse;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code retention} step (conf/privacy.yaml: retention), on the run's as-of day:
 *
 * <ol>
 *   <li>landed files ingested more than {@code landing-days} ago are deleted ({@link LandingRetention});
 *   <li>customers with no known identifier, not observed for more than {@code anonymous-days}, are
 *       erased everywhere together, as one request {@code retention-<day>} under the regulation
 *       {@code retention}: the same deletes, purge, verification and audit row
 *       (compliance.erasure_log) as an erasure, but no suppression, since an anonymous visitor who
 *       comes back is a new visit.
 * </ol>
 *
 * A trace left after the purge is an alert: the run exits with 4.
 */
public final class RetentionStep implements Step {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionStep.class);

  private final Lakehouse lake;
  private final Project project;
  private final Clock clock;

  public RetentionStep(Lakehouse lake, Project project) {
    this(lake, project, Clock.systemUTC());
  }

  RetentionStep(Lakehouse lake, Project project, Clock clock) {
    this.lake = lake;
    this.project = project;
    this.clock = clock;
  }

  @Override
  public StepResult apply(RunContext context) {
    Retention rules = project.privacy().retention();
    LocalDate asOf = lake.env().asOf(context.startedAt());

    List<String> filesDeleted = new ArrayList<>();
    Optional<Instant> landingCutoff = Retention.cutoff(rules.landingDays(), asOf);
    if (landingCutoff.isPresent()) {
      String note = "deleted on " + asOf + ": ingested before " + landingCutoff.get() + ", more than "
          + rules.landingDays().getAsInt() + " days (conf/privacy.yaml retention landing-days); its records stay in bronze";
      filesDeleted.addAll(LandingRetention.expire(lake, project.sources().values(), landingCutoff.get(),
          context.runId(), note));
      LOG.info("retention {}: {} landed files deleted, ingested before {}", context.runId(), filesDeleted.size(),
          landingCutoff.get());
    }

    StepResult result = StepResult.of(0, 0, 0);
    Optional<Instant> anonymousCutoff = Retention.cutoff(rules.anonymousDays(), asOf);
    long customers = 0;
    long undated = 0;
    long refused = 0;
    long rows = 0;
    long traces = 0;
    if (anonymousCutoff.isPresent()) {
      AnonymousCustomers.Expired expired = AnonymousCustomers.find(lake, project.profile().lifecycle().knownTypes(),
          anonymousCutoff.get());
      Subject subject = expired.subject();
      undated = expired.undatedKept();
      refused = expired.refusedKept();
      customers = expired.customers();
      if (!subject.identifiers().isEmpty()) {
        ErasureRequest request = new ErasureRequest("retention-" + asOf.format(DateTimeFormatter.BASIC_ISO_DATE),
            PrivacyRules.RETENTION, clock.instant(), subject.identifiers(), "retention: customers with no known "
                + "identifier, not seen since " + anonymousCutoff.get());
        Salts.Salt salt = new Salts(lake.env(), System.getenv(), lake.spark().sparkContext().hadoopConfiguration())
            .forErasure();
        Eraser.Outcome outcome = new Eraser(lake, project, salt, clock)
            .erase(List.of(request), Map.of(request.requestId(), subject), false, context.runId()).get(0);
        System.out.print(ErasureStatus.summary(List.of(outcome)).replaceAll("(?m)^", "      "));
        rows = outcome.rows();
        traces = outcome.traces().size();
        if (traces > 0) {
          result = result.withAlert("retention " + request.requestId() + ": the erased customers are still in "
              + traces + " files after the purge: " + String.join("; ", outcome.traces()));
        }
      }
      if (undated > 0) {
        result = result.withWarning(undated + " customers with no known identifier kept: an observation of theirs has "
            + "no time its source could give (silver.identifiers.observed_at is null), so their age is unknown");
      }
      if (refused > 0) {
        result = result.withWarning(refused + " customers with no known identifier kept past the cutoff: a link of "
            + "an identifier of theirs was refused by a rule (gold.identity_refusals), so the records holding it "
            + "may be another customer's too");
      }
    }
    return new StepResult(customers, rows, 0, result.figures(), result.warnings(), result.alerts())
        .with("anonymous_customers_erased", customers)
        .with("rows_deleted", rows)
        .with("landing_files_deleted", filesDeleted.size())
        .with("undated_customers_kept", undated)
        .with("refused_link_customers_kept", refused)
        .with("verification_failures", traces);
  }
}
