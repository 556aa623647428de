package io.c360.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.c360.lake.Lakehouse;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;

/**
 * The latest ops.ingested_files entry per landed file, for a job's ingest steps: one read of the
 * ledger for all sources instead of one per step. A source's entries are read again after they
 * are recorded; {@link #clear()} forgets everything (a job's runner calls it before any step that
 * is not an ingest step, since such a step may write the ledger itself, e.g. an erasure's rewrites).
 */
public final class LedgerCache {
  private final Lakehouse lake;
  private Map<String, Map<String, IngestPlan.LedgerEntry>> bySource;
  private final Set<String> stale = new HashSet<>();

  public LedgerCache(Lakehouse lake) {
    this.lake = lake;
  }

  /** Forgets what was read: the next look-up reads the ledger again. */
  public void clear() {
    bySource = null;
    stale.clear();
  }

  /** The latest entry per path of {@code source}'s files. */
  Map<String, IngestPlan.LedgerEntry> latest(String source) {
    if (bySource == null) {
      bySource = read(lake, null);
      stale.clear();
    } else if (stale.remove(source)) {
      bySource.put(source, read(lake, source).getOrDefault(source, Map.of()));
    }
    return bySource.getOrDefault(source, Map.of());
  }

  /** {@code source}'s entries changed: read them again at the next look-up. */
  void changed(String source) {
    stale.add(source);
  }

  /** Reads the latest entry per source and path: of every source, or of one. */
  static Map<String, Map<String, IngestPlan.LedgerEntry>> read(Lakehouse lake, String source) {
    // The table exists: every Ledger ensures it before reading.
    Column wanted = source == null ? lit(true) : col("source").equalTo(lit(source));
    Map<String, Map<String, IngestPlan.LedgerEntry>> out = new HashMap<>();
    Map<String, Timestamp> at = new HashMap<>();
    for (Row r : lake.read(OpsTables.INGESTED_FILES).where(wanted)
        .select("source", "file_path", "file_size", "modified_at", "checksum", "status", "batch_id", "recorded_at")
        .collectAsList()) {
      Timestamp recorded = r.getTimestamp(7);
      String key = r.getString(0) + "\n" + r.getString(1);
      if (!at.containsKey(key) || !recorded.before(at.get(key))) {
        at.put(key, recorded);
        out.computeIfAbsent(r.getString(0), s -> new HashMap<>()).put(r.getString(1), new IngestPlan.LedgerEntry(
            r.getString(1), r.getLong(2), r.getTimestamp(3).getTime(), r.getString(4), r.getString(5), r.getLong(6)));
      }
    }
    return out;
  }
}
