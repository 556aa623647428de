package io.c360.privacy;

import io.c360.conform.IdentifierArgument;
import io.c360.config.Project;
import io.c360.config.TableName;
import io.c360.lake.Lakehouse;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erases people on request, everywhere c360 keeps them, and proves it.
 *
 * <ol>
 *   <li>Each request is recorded in compliance.erasure_requests (in progress, with its deadline).
 *   <li>Each person is resolved through gold.identity_map to all their identifiers and customer ids,
 *       and every table's rows that hold them are found ({@link ErasurePlanner}).
 *   <li>A salted hash of each identifier goes to compliance.suppression: ingestion drops their
 *       records from now on, so identity never links them again. First, so that a run stopped in a
 *       later phase never leaves rewritten files while the person can still come back.
 *   <li>Landing files and exports holding them are rewritten without them ({@link LandingEraser}).
 *       A file that cannot be read at all (a corrupt gzip ingestion set aside) is not searched and
 *       is reported, with why, in the outcome and the log: it stops nothing.
 *   <li>Their rows are deleted, table by table ({@link TableEraser}), the tables others are found
 *       through last, retrying when another writer changed a table in between.
 *   <li>The files that held them are purged (deletion vectors, old files, old snapshots).
 *   <li>Every file of the lakehouse, the landing zone and the exports is searched for any form of
 *       their identifiers ({@link FileTraces}); the request is completed only if none is found.
 * </ol>
 *
 * A run stopped at any point and run again finishes the requests: nothing it does depends on the
 * earlier run having finished, and a request found in progress has every table purged.
 */
public final class Eraser {
  private static final Logger LOG = LoggerFactory.getLogger(Eraser.class);

  private final Lakehouse lake;
  private final Project project;
  private final Salts.Salt salt;
  private final Clock clock;
  private Consumer<TableName> afterDelete = t -> {};

  public Eraser(Lakehouse lake, Project project, Salts.Salt salt, Clock clock) {
    this.lake = lake;
    this.project = project;
    this.salt = salt;
    this.clock = clock;
  }

  /** Called after each table's deletion (tests stop a run there). */
  Eraser afterDelete(Consumer<TableName> hook) {
    this.afterDelete = hook;
    return this;
  }

  /**
   * What one request's erasure did.
   *
   * @param phaseSeconds seconds per phase of the run that erased it (plan, files, delete, purge,
   *     verify), shared by the requests erased together
   */
  public record Outcome(String requestId, String status, Map<String, Long> rowsDeleted, Map<String, Long> filesRewritten,
      List<String> files, int suppressed, List<String> traces, List<String> unreadable,
      Map<String, Double> phaseSeconds) {
    public long rows() {
      return rowsDeleted.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** The salted hash that stands for the person of a request: their requested identifiers, sorted. */
  String subjectHash(ErasureRequest r) {
    List<String> ids = r.identifiers().stream().map(IdentifierArgument::toString).sorted().toList();
    return SuppressionHash.of(salt.value(), "subject", String.join("\n", ids));
  }

  public List<Outcome> erase(List<ErasureRequest> requests, String runId) {
    Map<String, Subject> subjects = new LinkedHashMap<>();
    requests.forEach(r -> subjects.put(r.requestId(), Subject.resolve(lake, r.identifiers())));
    return erase(requests, subjects, true, runId);
  }

  /**
   * Erases the people already resolved, one per request; with {@code suppress} false their
   * identifiers stay welcome (retention: an anonymous visitor who comes back is a new visit).
   */
  List<Outcome> erase(List<ErasureRequest> requests, Map<String, Subject> subjects, boolean suppress, String runId) {
    Instant started = clock.instant();
    ComplianceTables compliance = new ComplianceTables(lake);
    Map<String, String> hashes = new LinkedHashMap<>();
    boolean resumed = false;
    for (ErasureRequest r : requests) {
      hashes.put(r.requestId(), subjectHash(r));
      resumed |= compliance.request(r.requestId()).map(q -> !q.status().equals(ComplianceTables.COMPLETED))
          .orElse(false);
    }
    compliance.upsert(requests, hashes, ComplianceTables.IN_PROGRESS, project.privacy(), started);

    List<ErasurePlanner.Person> people = requests.stream()
        .map(r -> new ErasurePlanner.Person(r.requestId(), subjects.get(r.requestId()))).toList();
    List<ErasureTargets.Target> targets = ErasureTargets.of(project.privacy(), project.sources().values());
    ErasurePlanner.Plan plan = new ErasurePlanner(lake).plan(targets, people);
    Set<TableName> viaTables = ErasureTargets.viaTables(targets);
    Instant planned = clock.instant();
    LOG.info("erasure {}: {} requests, {} rows in {} tables", runId, requests.size(),
        plan.tables().stream().mapToLong(ErasurePlanner.TablePlan::rows).sum(),
        plan.tables().stream().filter(t -> t.rows() > 0).count());

    Map<String, Integer> suppressed = suppress ? suppress(people, runId) : Map.of();
    LandingEraser.Result landing = new LandingEraser(lake, project.privacy().landing())
        .erase(project.sources().values(), plan, viaTables, runId);
    List<LandingEraser.Change> files = landing.changes();

    Instant landed = clock.instant();

    Map<TableName, TableEraser.Deleted> deleted = new LinkedHashMap<>();
    TableEraser tables = new TableEraser(lake, project.privacy().retainHours());
    Map<ErasureTargets.Target, ErasurePlanner.TablePlan> byTarget = new LinkedHashMap<>();
    plan.tables().forEach(t -> byTarget.put(t.target(), t));
    for (ErasureTargets.Target t : ErasureTargets.deletionOrder(targets)) {
      ErasurePlanner.TablePlan p = byTarget.get(t);
      if (p == null || p.fingerprints().isEmpty()) {
        continue;
      }
      List<Row> fps = p.fingerprints().stream().map(f -> RowFactory.create(f)).toList();
      StructType schema = new StructType().add(TableEraser.FINGERPRINT, DataTypes.StringType, false);
      long t0 = System.nanoTime();
      TableEraser.Deleted d = Conflicts.retry("erasing from " + t.table(), 5, 2_000,
          () -> tables.delete(t.table(), lake.spark().createDataFrame(fps, schema)));
      LOG.info("erasure {}: {} rows deleted from {} ({} files rewritten) in {} ms", runId, d.rows(), t.table(),
          d.filesRewritten(), (System.nanoTime() - t0) / 1_000_000);
      deleted.merge(t.table(), d,
          (a, b) -> new TableEraser.Deleted(a.rows() + b.rows(), a.filesRewritten() + b.filesRewritten()));
      afterDelete.accept(t.table());
    }

    Instant deletedAt = clock.instant();
    Set<TableName> toPurge = new LinkedHashSet<>(deleted.keySet());
    if (resumed) {
      targets.stream().map(ErasureTargets.Target::table).filter(lake::exists).forEach(toPurge::add);
    }
    Map<TableName, Long> purgeRewrites = tables.purgeAll(toPurge);
    Instant purged = clock.instant();

    // Identifiers only: an order id left as a bound in a statistic no longer leads to anyone.
    FileTraces.Found verification = new TraceScan(lake, project).scan(plan.combined(false));
    Map<String, TreeSet<String>> traces = verification.traces();
    Map<String, String> notRead = new TreeMap<>();
    landing.unreadable().forEach((f, why) -> notRead.put(LandingEraser.relative(lake, f), why));
    verification.unreadable().forEach((f, why) -> notRead.put(LandingEraser.relative(lake, f), why));
    List<String> unreadable = notRead.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")").toList();
    Instant verified = clock.instant();
    Map<String, Double> phases = new LinkedHashMap<>();
    phases.put("plan", seconds(started, planned));
    phases.put("files", seconds(planned, landed));
    phases.put("delete", seconds(landed, deletedAt));
    phases.put("purge", seconds(deletedAt, purged));
    phases.put("verify", seconds(purged, verified));
    LOG.info("erasure {}: phases (s) {}", runId, phases);

    List<Outcome> outcomes = new ArrayList<>();
    List<Row> log = new ArrayList<>();
    List<ErasureRequest> completed = new ArrayList<>();
    List<ErasureRequest> failed = new ArrayList<>();
    for (ErasureRequest r : requests) {
      Map<String, Long> rows = new TreeMap<>();
      Map<String, Long> rewritten = new TreeMap<>();
      for (ErasurePlanner.TablePlan p : plan.tables()) {
        long n = p.rowsPerRequest().getOrDefault(r.requestId(), 0L);
        TableName t = p.target().table();
        if (n > 0 && deleted.containsKey(t)) {
          rows.merge(t.toString(), n, Long::sum);
          rewritten.put(t.toString(), deleted.get(t).filesRewritten() + purgeRewrites.getOrDefault(t, 0L));
        }
      }
      List<String> changed = files.stream().filter(c -> c.labels().stream().anyMatch(l -> l.startsWith(r.requestId() + " ")))
          .map(LandingEraser.Change::describe).toList();
      List<String> found = new ArrayList<>();
      traces.forEach((file, labels) -> labels.stream().filter(l -> l.startsWith(r.requestId() + " "))
          .forEach(l -> found.add(file + " (" + l.substring(r.requestId().length() + 1) + ")")));
      // A file that cannot be read whole, or rewritten, but holds them where it can be read: a trace.
      verification.heldInUnreadable().forEach((file, labels) -> labels.stream()
          .filter(l -> l.startsWith(r.requestId() + " "))
          .forEach(l -> found.add(LandingEraser.relative(lake, file) + " (" + l.substring(r.requestId().length() + 1)
              + ", in the part that can be read; the file cannot be rewritten: repair or delete it)")));
      String status = found.isEmpty() ? ComplianceTables.COMPLETED : ComplianceTables.FAILED;
      (found.isEmpty() ? completed : failed).add(r);
      int s = suppressed.getOrDefault(r.requestId(), 0);
      outcomes.add(new Outcome(r.requestId(), status, rows, rewritten, changed, s, found, unreadable,
          java.util.Collections.unmodifiableMap(phases)));
      log.add(RowFactory.create(r.requestId(), runId, hashes.get(r.requestId()), Timestamp.from(started),
          Timestamp.from(clock.instant()), new ArrayList<>(rows.keySet()), rows, rewritten,
          changed, s, Timestamp.from(purged), Timestamp.from(verified),
          (found.isEmpty() ? "clean: no trace in any file" : "traces found in " + found.size() + " files")
              + (unreadable.isEmpty() ? "" : "; " + unreadable.size() + " files not read to their end, what could be read was searched: "
                  + String.join(", ", unreadable)),
          found));
    }
    compliance.log(log);
    if (!completed.isEmpty()) {
      compliance.upsert(completed, hashes, ComplianceTables.COMPLETED, project.privacy(), clock.instant());
    }
    if (!failed.isEmpty()) {
      compliance.upsert(failed, hashes, ComplianceTables.FAILED, project.privacy(), clock.instant());
    }
    return outcomes;
  }

  private static double seconds(Instant from, Instant to) {
    return java.time.Duration.between(from, to).toMillis() / 1000.0;
  }

  /** A hash per identifier of every person, with its request. */
  private Map<String, Integer> suppress(List<ErasurePlanner.Person> people, String runId) {
    List<Row> entries = new ArrayList<>();
    Map<String, Integer> perRequest = new LinkedHashMap<>();
    Timestamp now = Timestamp.from(clock.instant());
    for (ErasurePlanner.Person p : people) {
      for (IdentifierArgument id : p.subject().identifiers()) {
        entries.add(RowFactory.create(id.type(), SuppressionHash.of(salt.value(), id.type(), id.value()), p.requestId(),
            now));
      }
      perRequest.put(p.requestId(), p.subject().identifiers().size());
    }
    new ComplianceTables(lake).suppress(entries);
    return perRequest;
  }
}
