package io.c360.privacy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.c360.config.PrivacyRules;
import io.c360.config.TableName;
import io.c360.lake.Lakehouse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The compliance tables: {@code erasure_requests} (one row per request: deadline, status and a
 * salted hash of the person, never their identifiers), {@code erasure_log} (one row per attempt:
 * what was deleted, rewritten, purged and verified) and {@code suppression} (a salted hash per
 * erased identifier).
 */
final class ComplianceTables {
  static final TableName REQUESTS = TableName.of("compliance", "erasure_requests");
  static final TableName LOG = TableName.of("compliance", "erasure_log");

  static final String IN_PROGRESS = "in_progress";
  static final String COMPLETED = "completed";
  static final String FAILED = "verification_failed";

  static final StructType REQUESTS_SCHEMA = new StructType()
      .add("request_id", DataTypes.StringType, false)
      .add("regulation", DataTypes.StringType, false)
      .add("received_at", DataTypes.TimestampType, false)
      .add("due_at", DataTypes.TimestampType, false)
      .add("status", DataTypes.StringType, false)
      .add("subject_hash", DataTypes.StringType, false)
      .add("identifiers", DataTypes.IntegerType, false)
      .add("origin", DataTypes.StringType, false)
      .add("updated_at", DataTypes.TimestampType, false)
      .add("completed_at", DataTypes.TimestampType, true);

  static final StructType LOG_SCHEMA = new StructType()
      .add("request_id", DataTypes.StringType, false)
      .add("run_id", DataTypes.StringType, false)
      .add("subject_hash", DataTypes.StringType, false)
      .add("started_at", DataTypes.TimestampType, false)
      .add("finished_at", DataTypes.TimestampType, false)
      .add("tables_touched", DataTypes.createArrayType(DataTypes.StringType), false)
      .add("rows_deleted", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType), false)
      .add("files_rewritten", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType), false)
      .add("landing_files", DataTypes.createArrayType(DataTypes.StringType), false)
      .add("suppressed_identifiers", DataTypes.IntegerType, false)
      .add("purged_at", DataTypes.TimestampType, true)
      .add("verified_at", DataTypes.TimestampType, true)
      .add("verification", DataTypes.StringType, false)
      .add("traces", DataTypes.createArrayType(DataTypes.StringType), false);

  private final Lakehouse lake;

  ComplianceTables(Lakehouse lake) {
    this.lake = lake;
  }

  /** A request as recorded: kept from its first recording (a request filed again keeps its deadline). */
  record Recorded(String requestId, String regulation, Instant receivedAt, Instant dueAt, String status,
      String subjectHash, Instant completedAt) {
    boolean overdue(Instant now) {
      return !status.equals(COMPLETED) && !regulation.equals(PrivacyRules.RETENTION) && dueAt.isBefore(now);
    }
  }

  Optional<Recorded> request(String requestId) {
    if (!lake.exists(REQUESTS)) {
      return Optional.empty();
    }
    List<Row> rows = lake.read(REQUESTS).where(col("request_id").equalTo(lit(requestId))).collectAsList();
    return rows.stream().findFirst().map(ComplianceTables::recorded);
  }

  private static Recorded recorded(Row r) {
    return new Recorded(r.getAs("request_id"), r.getAs("regulation"), ((Timestamp) r.getAs("received_at")).toInstant(),
        ((Timestamp) r.getAs("due_at")).toInstant(), r.getAs("status"), r.getAs("subject_hash"),
        r.getAs("completed_at") == null ? null : ((Timestamp) r.getAs("completed_at")).toInstant());
  }

  /** Writes each request's row with {@code status}; receipt and deadline stay as first recorded. */
  void upsert(List<ErasureRequest> requests, Map<String, String> subjectHashes, String status, PrivacyRules rules,
      Instant now) {
    lake.ensure(REQUESTS, REQUESTS_SCHEMA);
    List<Row> rows = new ArrayList<>();
    for (ErasureRequest r : requests) {
      Optional<Recorded> before = request(r.requestId());
      Instant received = before.map(Recorded::receivedAt).orElse(r.receivedAt());
      Instant due = before.map(Recorded::dueAt).orElse(r.dueAt(rules));
      rows.add(RowFactory.create(r.requestId(), before.map(Recorded::regulation).orElse(r.regulation()),
          Timestamp.from(received), Timestamp.from(due), status, subjectHashes.get(r.requestId()),
          r.identifiers().size(), r.origin(), Timestamp.from(now),
          status.equals(COMPLETED) ? Timestamp.from(now) : null));
    }
    Dataset<Row> data = lake.spark().createDataFrame(rows, REQUESTS_SCHEMA);
    lake.replaceKeys(REQUESTS, List.of("request_id"), data, data);
  }

  /** Adds the salted hashes not in compliance.suppression yet. */
  int suppress(List<Row> entries) {
    lake.ensure(SuppressionList.TABLE, SuppressionList.SCHEMA);
    Dataset<Row> fresh = lake.spark().createDataFrame(entries, SuppressionList.SCHEMA).dropDuplicates("id_type", "id_hash")
        .join(lake.read(SuppressionList.TABLE).select("id_type", "id_hash"), new String[] {"id_type", "id_hash"},
            "left_anti");
    List<Row> added = fresh.collectAsList();
    if (!added.isEmpty()) {
      lake.append(SuppressionList.TABLE, lake.spark().createDataFrame(added, SuppressionList.SCHEMA));
    }
    return added.size();
  }

  void log(List<Row> rows) {
    lake.ensure(LOG, LOG_SCHEMA);
    lake.append(LOG, lake.spark().createDataFrame(rows, LOG_SCHEMA));
  }

  /**
   * Requests past their deadline and not completed, oldest deadline first. A retention run has no
   * legal deadline: its failure is its own run's exit code.
   */
  List<Recorded> overdue(Instant now) {
    if (!lake.exists(REQUESTS)) {
      return List.of();
    }
    return lake.read(REQUESTS).where(col("status").notEqual(lit(COMPLETED))
            .and(col("regulation").notEqual(lit(PrivacyRules.RETENTION)))
            .and(col("due_at").lt(lit(Timestamp.from(now))))).orderBy("due_at", "request_id").collectAsList()
        .stream().map(ComplianceTables::recorded).toList();
  }

  /**
   * Every request, with the rows its latest attempt (by start) deleted in all tables; null where no
   * attempt is logged yet. In no particular order.
   */
  List<ErasureStatus.Listed> requests() {
    if (!lake.exists(REQUESTS)) {
      return List.of();
    }
    Map<String, Long> erased = new java.util.HashMap<>();
    if (lake.exists(LOG)) {
      for (Row r : lake.read(LOG).groupBy("request_id")
          .agg(org.apache.spark.sql.functions.max_by(col("rows_deleted"), col("started_at")).as("rows_deleted"))
          .collectAsList()) {
        Map<String, Long> rows = r.getJavaMap(1);
        erased.put(r.getString(0), rows.values().stream().mapToLong(Long::longValue).sum());
      }
    }
    return lake.read(REQUESTS).collectAsList().stream().map(ComplianceTables::recorded)
        .map(q -> new ErasureStatus.Listed(q, erased.get(q.requestId()))).toList();
  }

  /** A request's row and its attempts, for {@code erase --status}. */
  Optional<String> status(String requestId, Instant now) {
    Optional<Recorded> r = request(requestId);
    if (r.isEmpty()) {
      return Optional.empty();
    }
    Recorded q = r.get();
    StringBuilder b = new StringBuilder();
    b.append("request ").append(q.requestId()).append(" (").append(q.regulation()).append(")\n");
    b.append("  received     ").append(q.receivedAt()).append('\n');
    b.append("  due          ").append(q.dueAt())
        .append(q.overdue(now) ? "   OVERDUE" : "").append('\n');
    b.append("  status       ").append(q.status()).append('\n');
    if (q.completedAt() != null) {
      b.append("  completed    ").append(q.completedAt()).append('\n');
    }
    b.append("  subject hash ").append(q.subjectHash()).append('\n');
    if (lake.exists(LOG)) {
      for (Row a : lake.read(LOG).where(col("request_id").equalTo(lit(requestId))).orderBy("started_at")
          .collectAsList()) {
        b.append("attempt ").append((String) a.getAs("run_id")).append(": ").append(
            ((Timestamp) a.getAs("started_at")).toInstant()).append(" to ")
            .append(((Timestamp) a.getAs("finished_at")).toInstant()).append('\n');
        Map<String, Long> rows = a.getJavaMap(a.fieldIndex("rows_deleted"));
        Map<String, Long> files = a.getJavaMap(a.fieldIndex("files_rewritten"));
        b.append(String.format(java.util.Locale.ROOT, "  %-32s %8s %8s%n", "table", "rows", "files"));
        new java.util.TreeMap<>(rows).forEach((t, n) -> b.append(String.format(java.util.Locale.ROOT,
            "  %-32s %,8d %,8d%n", t, n, files.getOrDefault(t, 0L))));
        for (String f : a.<String>getList(a.fieldIndex("landing_files"))) {
          b.append("  file ").append(f).append('\n');
        }
        b.append("  suppressed   ").append((int) a.getAs("suppressed_identifiers")).append(" identifiers\n");
        b.append("  purged       ").append(a.getAs("purged_at") == null ? "-"
            : ((Timestamp) a.getAs("purged_at")).toInstant()).append('\n');
        b.append("  verification ").append((String) a.getAs("verification")).append(a.getAs("verified_at") == null
            ? "" : " at " + ((Timestamp) a.getAs("verified_at")).toInstant()).append('\n');
        for (String t : a.<String>getList(a.fieldIndex("traces"))) {
          b.append("    trace ").append(t).append('\n');
        }
      }
    }
    return Optional.of(b.toString());
  }
}
