package io.c360.lake;

import io.c360.config.TableName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The small rows a run writes about itself (ops.job_runs, ops.step_runs, ops.model_runs,
 * ops.quality_results).
 * Written at once, or, for a job, kept until {@link #flush} appends each table's rows in one Delta
 * commit: a one-row append costs about 0.4 s whatever the data, and a job's steps made three each.
 * A job whose process dies before its end loses its own records, not data: the next run of a model
 * whose run was not recorded reads the same batches again and merges them to the same table (rows
 * its expectations drop are quarantined again).
 */
public final class OpsRows {
  private record Pending(StructType schema, List<Row> rows) {}

  private final Lakehouse lake;
  private final boolean deferred;
  private final Map<TableName, Pending> pending = new LinkedHashMap<>();

  private OpsRows(Lakehouse lake, boolean deferred) {
    this.lake = lake;
    this.deferred = deferred;
  }

  /** Appends rows as they come: a step run on its own. */
  public static OpsRows immediate(Lakehouse lake) {
    return new OpsRows(lake, false);
  }

  /** Keeps rows until {@link #flush}: a job's steps. */
  public static OpsRows deferred(Lakehouse lake) {
    return new OpsRows(lake, true);
  }

  /**
   * Appends {@code rows} to {@code table}, now or at the flush; the table is created with {@code
   * schema} if missing, with no rows too.
   */
  public synchronized void append(TableName table, StructType schema, List<Row> rows) {
    if (!deferred) {
      write(table, schema, rows);
      return;
    }
    Pending p = pending.computeIfAbsent(table, t -> new Pending(schema, new ArrayList<>()));
    if (!p.schema().equals(schema)) {
      throw new IllegalArgumentException(table + ": rows of two schemas kept for one table");
    }
    p.rows().addAll(rows);
  }

  /** The rows kept for {@code table} and not written yet. */
  public synchronized List<Row> pending(TableName table) {
    Pending p = pending.get(table);
    return p == null ? List.of() : List.copyOf(p.rows());
  }

  /**
   * Appends the rows kept so far, one commit per table, each at most once: they are taken before
   * they are written, so a failure (reported, the first with the others suppressed) leaves no rows
   * that a second flush could write twice.
   */
  public synchronized void flush() {
    Map<TableName, Pending> taken = new LinkedHashMap<>(pending);
    pending.clear();
    RuntimeException first = null;
    for (Map.Entry<TableName, Pending> e : taken.entrySet()) {
      try {
        write(e.getKey(), e.getValue().schema(), e.getValue().rows());
      } catch (Exception failure) { // Delta's AnalysisException is checked, and thrown from Scala undeclared
        RuntimeException named = new IllegalStateException("could not record " + e.getValue().rows().size()
            + " rows in " + e.getKey() + ": " + failure.getMessage(), failure);
        if (first == null) {
          first = named;
        } else {
          first.addSuppressed(named);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private void write(TableName table, StructType schema, List<Row> rows) {
    if (rows.isEmpty()) {
      lake.ensure(table, schema);
    } else {
      lake.append(table, lake.spark().createDataFrame(rows, schema));
    }
  }
}
