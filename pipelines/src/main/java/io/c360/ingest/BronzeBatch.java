package io.c360.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.c360.config.SourceConfig;
import io.c360.job.RunContext;
import io.c360.lake.Lakehouse;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * One batch of a source's records written to bronze (good ones, with lineage columns) and to
 * ops.quarantine (bad ones, with their reason and original text), and what it wrote, per file.
 * Records come in {@link RawRecords}'s shape: declared columns, {@code _source_file},
 * {@code _record_hash}, {@code _reject_reason}, {@code _record}, and {@code _suppressed} (records of erased people, written
 * nowhere).
 */
final class BronzeBatch {
  private final Lakehouse lake;
  private final SourceConfig source;
  private final RunContext run;
  private boolean quarantined;

  BronzeBatch(Lakehouse lake, SourceConfig source, RunContext run) {
    this.lake = lake;
    this.source = source;
    this.run = run;
  }

  /** The bronze table's columns: the declared ones, the kind's own, then lineage. */
  static StructType schema(SourceConfig source) {
    StructType schema = RawRecords.declared(source);
    for (var f : RawRecords.kindColumns(source).fields()) {
      schema = schema.add(f);
    }
    return schema.add("_source", "string").add("_source_file", "string").add("_ingested_at", "timestamp")
        .add("_batch_id", "bigint").add("_record_hash", "string");
  }

  /**
   * Delta collects column statistics only for lineage columns and the record's key and time (when
   * they are neither personal data nor an identifier, as a CRM id is): statistics on every column,
   * {@code _raw} included, cost write time, and personal values in them would survive an erasure
   * in the Delta log.
   */
  static Map<String, String> tableProperties(SourceConfig source) {
    List<String> columns = new ArrayList<>(List.of("_batch_id", "_source_file", "_ingested_at"));
    for (String c : new String[] {source.key(), source.observedAt().orElse(null)}) {
      if (c != null && !c.contains(".") && !source.personalData().contains(c)
          && !source.identifiers().containsValue(c) && !columns.contains(c)) {
        columns.add(c);
      }
    }
    return Map.of("delta.dataSkippingStatsColumns", String.join(",", columns));
  }

  /**
   * Writes the batch; {@code evolved} are columns beyond the declared ones, added to the table.
   * With {@code anyRejected} false (the caller counted none) ops.quarantine is not written: the
   * append would scan every record for none (Delta commits nothing for it), and reconciling would
   * read the table back.
   */
  void write(Dataset<Row> records, List<Column> evolved, boolean anyRejected) {
    write(records, evolved, anyRejected, java.util.Set.of());
  }

  /**
   * As {@link #write(Dataset, List, boolean)}; the rows of the files in {@code replacing} (landed
   * files read again, {@code on-change: reingest}) already in bronze are replaced by this batch's in
   * the same commit, and their quarantined records are deleted before this batch's are written.
   */
  void write(Dataset<Row> records, List<Column> evolved, boolean anyRejected, java.util.Set<String> replacing) {
    Timestamp now = Timestamp.from(run.startedAt());
    List<Column> cols = new ArrayList<>();
    for (String f : RawRecords.declared(source).fieldNames()) {
      cols.add(col(f));
    }
    cols.addAll(evolved);
    for (String f : RawRecords.kindColumns(source).fieldNames()) {
      cols.add(col(f));
    }
    cols.add(lit(source.name()).as("_source"));
    cols.add(col("_source_file"));
    cols.add(lit(now).as("_ingested_at"));
    cols.add(lit(run.batchId()).as("_batch_id"));
    cols.add(col("_record_hash"));
    Column kept = java.util.Arrays.asList(records.columns()).contains("_suppressed")
        ? col("_suppressed").equalTo(false) : lit(true);
    Dataset<Row> rows = records.where(col("_reject_reason").isNull().and(kept)).select(cols.toArray(Column[]::new));
    if (replacing.isEmpty()) {
      lake.append(source.table(), rows);
    } else {
      lake.replaceRowsHolding(source.table(), "_source_file", spellings(source.table(), "_source_file", null, replacing),
          rows);
      if (lake.exists(OpsTables.QUARANTINE)) {
        lake.deleteRowsHolding(OpsTables.QUARANTINE, "source_file",
            spellings(OpsTables.QUARANTINE, "source_file", "source", replacing), "source", source.name());
      }
    }
    quarantined = anyRejected;
    if (!anyRejected) {
      return;
    }
    lake.append(OpsTables.QUARANTINE, records.where(col("_reject_reason").isNotNull().and(kept)).select(
        lit(source.name()).as("source"),
        col("_source_file").as("source_file"),
        col("_reject_reason").as("reason"),
        col("_record").as("record"),
        lit(run.batchId()).as("batch_id"),
        lit(run.runId()).as("run_id"),
        lit(now).as("quarantined_at")));
  }

  /**
   * Rows this batch holds per file: {bronze, quarantine}, read back from the tables (quarantine
   * only when the batch wrote to it).
   */
  Map<String, long[]> writtenPerFile() {
    Map<String, long[]> out = new HashMap<>();
    for (Row r : lake.read(source.table()).where(col("_batch_id").equalTo(lit(run.batchId())))
        .groupBy("_source_file").count().collectAsList()) {
      out.computeIfAbsent(samePath(r.getString(0)), k -> new long[2])[0] = r.getLong(1);
    }
    if (!quarantined) {
      return out;
    }
    for (Row r : lake.read(OpsTables.QUARANTINE)
        .where(col("batch_id").equalTo(lit(run.batchId())).and(col("source").equalTo(lit(source.name()))))
        .groupBy("source_file").count().collectAsList()) {
      out.computeIfAbsent(samePath(r.getString(0)), k -> new long[2])[1] = r.getLong(1);
    }
    return out;
  }

  /**
   * How a table spells the files of {@code paths} in {@code column}: Spark's metadata column
   * URL-encodes a path a Hadoop listing gives plainly, so the stored spellings are looked up.
   */
  private List<String> spellings(io.c360.config.TableName table, String column, String sourceColumn,
      java.util.Set<String> paths) {
    java.util.Set<String> wanted = new java.util.HashSet<>();
    paths.forEach(p -> wanted.add(samePath(p)));
    Dataset<Row> rows = lake.read(table);
    if (sourceColumn != null) {
      rows = rows.where(col(sourceColumn).equalTo(lit(source.name())));
    }
    List<String> out = new ArrayList<>();
    for (Row r : rows.select(column).distinct().collectAsList()) {
      if (!r.isNullAt(0) && wanted.contains(samePath(r.getString(0)))) {
        out.add(r.getString(0));
      }
    }
    return out;
  }

  /** One spelling for a file whether Spark's metadata column or a Hadoop listing named it. */
  static String samePath(String path) {
    if (!path.contains("/")) {
      return path;
    }
    java.net.URI uri;
    try {
      uri = new java.net.URI(path); // Spark's _metadata.file_path: URL-encoded
    } catch (java.net.URISyntaxException notEncoded) {
      uri = new org.apache.hadoop.fs.Path(path).toUri(); // a Hadoop listing: plain text
    }
    return (uri.getAuthority() == null ? "" : uri.getAuthority()) + uri.getPath();
  }
}
