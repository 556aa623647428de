package io.c360.privacy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import io.c360.config.TableFormat;
import io.c360.config.TableName;
import io.c360.lake.Lakehouse;
import io.delta.tables.DeltaTable;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Deletes given rows from one table and purges the files that held them, in Delta or Iceberg.
 *
 * <p>Rows are named by a fingerprint, the SHA-256 of the row as JSON, and deleted by a MERGE whose
 * source holds only fingerprints. The condition that Delta records in its log is then
 * {@code sha2(to_json(...)) = s._fp}: no e-mail address or phone number ever reaches
 * {@code _delta_log}, as it would with {@code DELETE WHERE email = '...'}. Only files holding a
 * deleted row are rewritten.
 */
final class TableEraser {
  static final String FINGERPRINT = "_c360_fp";

  private final Lakehouse lake;
  private final int retainHours;

  TableEraser(Lakehouse lake, int retainHours) {
    this.lake = lake;
    this.retainHours = retainHours;
  }

  /** The fingerprint of each row of a table read through {@link Lakehouse#read}. */
  static Column fingerprint(String[] columns, String alias) {
    return sha2(to_json(struct(Arrays.stream(columns)
        .map(c -> col(alias == null ? "`" + c + "`" : alias + ".`" + c + "`").as(c)).toArray(Column[]::new))), 256);
  }

  /** What one deletion did. */
  record Deleted(long rows, long filesRewritten) {}

  /** Deletes the rows whose fingerprints are in {@code fingerprints} (a one-column dataset). */
  Deleted delete(TableName table, Dataset<Row> fingerprints) {
    String[] columns = lake.read(table).columns();
    if (lake.env().formatOf(table) == TableFormat.ICEBERG) {
      return deleteIceberg(table, columns, fingerprints);
    }
    DeltaTable delta = DeltaTable.forPath(lake.spark(), lake.location(table));
    delta.as("t").merge(fingerprints.as("s"), fingerprint(columns, "t").equalTo(col("s." + FINGERPRINT)))
        .whenMatched().delete()
        .execute();
    Row last = delta.history(1).select("operation", "operationMetrics").first();
    Map<String, String> metrics = last.getJavaMap(1);
    long removed = Long.parseLong(metrics.getOrDefault("numTargetFilesRemoved", "0"))
        + Long.parseLong(metrics.getOrDefault("numTargetDeletionVectorsAdded", "0"));
    return new Deleted(Long.parseLong(metrics.getOrDefault("numTargetRowsDeleted", "0")), removed);
  }

  private Deleted deleteIceberg(TableName table, String[] columns, Dataset<Row> fingerprints) {
    String view = "_c360_erase_" + table.schema() + "_" + table.table();
    fingerprints.createOrReplaceTempView(view);
    String name = lake.env().icebergCatalog() + "." + table;
    try {
      // Column names come from the table's own schema; the fingerprints are rows of a view, not text.
      String row = String.join(", ", Arrays.stream(columns).map(c -> "'" + c + "', t.`" + c + "`").toList());
      lake.spark().sql("MERGE INTO " + name + " t USING " + view + " s ON sha2(to_json(named_struct(" + row
          + ")), 256) = s." + FINGERPRINT + " WHEN MATCHED THEN DELETE");
    } finally {
      lake.spark().catalog().dropTempView(view);
    }
    Snapshot snapshot = icebergTable(table).currentSnapshot();
    Map<String, String> summary = snapshot == null ? Map.of() : snapshot.summary();
    return new Deleted(Long.parseLong(summary.getOrDefault("deleted-records", "0")),
        Long.parseLong(summary.getOrDefault("deleted-data-files", "0")));
  }

  /**
   * Removes the deleted rows from storage: Delta rewrites files with deletion vectors (REORG ...
   * PURGE) and VACUUMs; Iceberg rewrites files with delete files, expires older snapshots and
   * deletes orphan files. Returns the data files rewritten by the purge itself.
   */
  long purge(TableName table) {
    if (lake.env().formatOf(table) == TableFormat.ICEBERG) {
      return purgeIceberg(table);
    }
    String path = lake.location(table);
    DeltaTable delta = DeltaTable.forPath(lake.spark(), path);
    long rewritten = 0;
    Map<String, String> properties = delta.detail().first().getJavaMap(
        Arrays.asList(delta.detail().columns()).indexOf("properties"));
    if ("true".equals(properties.get("delta.enableDeletionVectors"))) {
      // The table is named by its path as a quoted identifier: a location from config, not data.
      lake.spark().sql("REORG TABLE delta.`" + path.replace("`", "``") + "` APPLY (PURGE)");
      Row last = delta.history(1).select("operationMetrics").first();
      Map<String, String> metrics = last.getJavaMap(0);
      rewritten = Long.parseLong(metrics.getOrDefault("numRemovedFiles", "0"));
    }
    delta.vacuum(retainHours);
    return rewritten;
  }

  /**
   * Purges tables three at a time (a purge is mostly listing and deleting files), retrying one that
   * lost a race with another writer; returns the data files each purge rewrote.
   */
  Map<TableName, Long> purgeAll(Collection<TableName> tables) {
    List<TableName> list = List.copyOf(tables);
    Map<TableName, Long> out = new LinkedHashMap<>();
    quietly(() -> {
      List<Long> rewritten = Concurrently.map(list, 3, t -> Conflicts.retry("purging " + t, 5, 2_000, () -> purge(t)));
      for (int i = 0; i < list.size(); i++) {
        out.put(list.get(i), rewritten.get(i));
      }
    });
    return out;
  }

  /** Delta's VACUUM prints a line on stdout; the erasure reports files itself. */
  private static void quietly(Runnable r) {
    java.io.PrintStream out = System.out;
    synchronized (System.class) {
      System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
      try {
        r.run();
      } finally {
        System.setOut(out);
      }
    }
  }

  private long purgeIceberg(TableName table) {
    Table t = icebergTable(table);
    var rewrite = SparkActions.get(lake.spark()).rewriteDataFiles(t)
        .option("delete-file-threshold", "1")
        .option("remove-dangling-deletes", "true")
        .execute();
    // Manifests keep entries of deleted files, with their column bounds, until they are rewritten.
    t.refresh();
    SparkActions.get(lake.spark()).rewriteManifests(t).execute();
    long olderThan = System.currentTimeMillis() - TimeUnit.HOURS.toMillis(retainHours);
    t.refresh();
    SparkActions.get(lake.spark()).expireSnapshots(t).expireOlderThan(olderThan + 1).retainLast(1).execute();
    t.refresh();
    SparkActions.get(lake.spark()).deleteOrphanFiles(t).olderThan(olderThan + 1).execute();
    return rewrite.rewrittenDataFilesCount();
  }

  private Table icebergTable(TableName table) {
    try {
      return Spark3Util.loadIcebergTable(lake.spark(), lake.env().icebergCatalog() + "." + table);
    } catch (Exception e) {
      throw new IllegalStateException("cannot load Iceberg table " + table, e);
    }
  }

  static List<String> columns(Dataset<Row> rows) {
    return List.of(rows.columns());
  }
}
