package io.c360.ingest;

import io.c360.lake.Lakehouse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * ops.ingested_files: an append-only log of what happened to each landed file. A file's latest
 * entry is its state: pending (a batch began reading it), committed, changed, duplicate or corrupt.
 */
final class Ledger {
  private final Lakehouse lake;
  private final String source;
  private final LedgerCache cache;

  Ledger(Lakehouse lake, String source) {
    this(lake, source, null);
  }

  /** @param cache what a job's ingest steps have read of the ledger; null: read this source's entries */
  Ledger(Lakehouse lake, String source, LedgerCache cache) {
    this.lake = lake;
    this.source = source;
    this.cache = cache;
    lake.ensure(OpsTables.INGESTED_FILES, OpsTables.INGESTED_FILES_SCHEMA);
  }

  /** The latest entry per path for this source. */
  Map<String, IngestPlan.LedgerEntry> latest() {
    return cache != null ? cache.latest(source) : LedgerCache.read(lake, source).getOrDefault(source, Map.of());
  }

  /** One entry; counts are null for files that were not read. */
  record Entry(IngestPlan.LandedFile file, String status, Long read, Long written, Long quarantined, String note) {}

  /** An entry under the batch it belongs to. */
  record Batched(Entry entry, long batchId) {}

  void record(List<Entry> entries, long batchId, String runId) {
    record(entries.stream().map(e -> new Batched(e, batchId)).toList(), runId);
  }

  /** The entries in one commit, each under its own batch. */
  void record(List<Batched> entries, String runId) {
    if (entries.isEmpty()) {
      return;
    }
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows = entries.stream().map(b -> {
      Entry e = b.entry();
      return RowFactory.create(source, e.file().path(), e.file().size(), new Timestamp(e.file().modifiedAt()),
          e.file().checksum().orElse(null), e.status(), b.batchId(), runId, e.read(), e.written(), e.quarantined(),
          e.note(), now);
    }).toList();
    try {
      lake.append(OpsTables.INGESTED_FILES, lake.spark().createDataFrame(rows, OpsTables.INGESTED_FILES_SCHEMA));
    } finally {
      if (cache != null) {
        cache.changed(source);
      }
    }
  }
}
