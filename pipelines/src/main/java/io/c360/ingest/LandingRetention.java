package io.c360.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.min;

import io.c360.config.SourceConfig;
import io.c360.config.SourceKind;
import io.c360.lake.Lakehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;

/**
 * Deletes a source's landed files once they have been ingested for longer than the retention
 * allows: bronze keeps their records ({@code _raw} too), so nothing c360 reads is lost. A file goes
 * only when the ledger says it is done with it (committed, duplicate or corrupt) and it is unchanged
 * since; a file pending, changed or never ingested stays. Each deleted file gets a ledger entry
 * saying so.
 */
public final class LandingRetention {
  private static final Set<String> DONE = Set.of(IngestPlan.COMMITTED, IngestPlan.DUPLICATE, IngestPlan.CORRUPT);

  private LandingRetention() {}

  /** A landed file and when the ledger first recorded it as done. */
  record Aged(IngestPlan.LandedFile file, IngestPlan.LedgerEntry entry, Instant doneAt) {}

  /**
   * The files whose ingestion ended before {@code cutoff}: done in the ledger, unchanged since (same
   * size and time), and first recorded as done before the cutoff.
   *
   * @param doneAt per path, when the ledger first recorded it as done
   */
  static List<Aged> expired(List<IngestPlan.LandedFile> landed, Map<String, IngestPlan.LedgerEntry> ledger,
      Map<String, Instant> doneAt, Instant cutoff) {
    List<Aged> out = new ArrayList<>();
    for (IngestPlan.LandedFile f : landed) {
      IngestPlan.LedgerEntry e = ledger.get(f.path());
      Instant done = doneAt.get(f.path());
      if (e != null && done != null && DONE.contains(e.status()) && e.size() == f.size()
          && e.modifiedAt() == f.modifiedAt() && done.isBefore(cutoff)) {
        out.add(new Aged(f, e, done));
      }
    }
    return out;
  }

  /**
   * Deletes the files of {@code sources} ingested before {@code cutoff} and records each in the
   * ledger with {@code note} (one commit per source that lost files); returns their paths. The
   * ledger is read once for all sources. A jdbc source has no files.
   */
  public static List<String> expire(Lakehouse lake, Collection<SourceConfig> sources, Instant cutoff, String runId,
      String note) {
    lake.ensure(OpsTables.INGESTED_FILES, OpsTables.INGESTED_FILES_SCHEMA);
    Configuration hadoop = lake.spark().sparkContext().hadoopConfiguration();
    Map<String, Map<String, IngestPlan.LedgerEntry>> latest = LedgerCache.read(lake, null);
    Map<String, Map<String, Instant>> doneAt = new HashMap<>();
    for (Row r : lake.read(OpsTables.INGESTED_FILES).where(col("status").isin(DONE.toArray()))
        .groupBy("source", "file_path").agg(min("recorded_at")).collectAsList()) {
      doneAt.computeIfAbsent(r.getString(0), x -> new HashMap<>()).put(r.getString(1), r.getTimestamp(2).toInstant());
    }
    List<String> deleted = new ArrayList<>();
    for (SourceConfig source : sources) {
      if (source.kind() == SourceKind.JDBC) {
        continue;
      }
      List<Aged> expired = expired(LandingFiles.list(lake.env().landing(), source, hadoop),
          latest.getOrDefault(source.name(), Map.of()), doneAt.getOrDefault(source.name(), Map.of()), cutoff);
      List<Ledger.Batched> entries = new ArrayList<>();
      for (Aged a : expired) {
        Path p = new Path(a.file().path());
        try {
          p.getFileSystem(hadoop).delete(p, false);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot delete landed file " + p + " past its retention", e);
        }
        IngestPlan.LedgerEntry e = a.entry();
        IngestPlan.LandedFile asRecorded = new IngestPlan.LandedFile(e.path(), e.size(), e.modifiedAt(),
            Optional.ofNullable(e.checksum()), Optional.empty());
        entries.add(new Ledger.Batched(new Ledger.Entry(asRecorded, e.status(), null, null, null, note), e.batchId()));
        deleted.add(a.file().path());
      }
      new Ledger(lake, source.name()).record(entries, runId);
    }
    return deleted;
  }
}
