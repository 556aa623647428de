package io.c360.ingest;

import io.c360.config.SourceConfig;
import io.c360.lake.Lakehouse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The landing zone as erasure sees it: a source's files, and the ledger entry that keeps a file
 * rewritten without an erased person from being taken for a changed file (and refused) by the next
 * ingest run.
 */
public final class LandingLedger {
  private LandingLedger() {}

  /** A source's landed files, as ingestion lists them. */
  public static List<String> files(String landing, SourceConfig source, Configuration hadoop) {
    return LandingFiles.list(landing, source, hadoop).stream().map(IngestPlan.LandedFile::path).toList();
  }

  /**
   * Records the files' new sizes, times and checksums after a rewrite, each under the batch that
   * ingested it, when the ledger has it as committed: one read of the ledger and one commit for
   * all of them. A file not ingested yet needs nothing: it is read as it is now.
   *
   * @param rewritten each file's path and its SHA-256 (hex) when the rewrite took it while writing;
   *     a file without one is read again for it
   */
  public static void recordRewrites(Lakehouse lake, SourceConfig source, Map<String, Optional<String>> rewritten,
      String runId, String note) {
    if (rewritten.isEmpty()) {
      return;
    }
    Ledger ledger = new Ledger(lake, source.name());
    Map<String, IngestPlan.LedgerEntry> latest = ledger.latest();
    List<Ledger.Batched> entries = new ArrayList<>();
    for (Map.Entry<String, Optional<String>> file : rewritten.entrySet()) {
      IngestPlan.LedgerEntry entry = latest.get(file.getKey());
      if (entry != null && entry.status().equals(IngestPlan.COMMITTED)) {
        entries.add(new Ledger.Batched(new Ledger.Entry(landed(lake, file.getKey(), file.getValue()),
            IngestPlan.COMMITTED, null, null, null, note), entry.batchId()));
      }
    }
    ledger.record(entries, runId);
  }

  /** The file as it is now: size, time and checksum (the one given, or read from the file). */
  private static IngestPlan.LandedFile landed(Lakehouse lake, String path, Optional<String> sha256) {
    Path file = new Path(path);
    try {
      FileSystem fs = file.getFileSystem(lake.spark().sparkContext().hadoopConfiguration());
      FileStatus status = fs.getFileStatus(file);
      return new IngestPlan.LandedFile(path, status.getLen(), status.getModificationTime(),
          Optional.of(sha256.isPresent() ? sha256.get() : checksum(fs, file)), Optional.empty());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read rewritten landing file " + path, e);
    }
  }

  private static String checksum(FileSystem fs, Path file) throws IOException {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      try (InputStream in = fs.open(file)) {
        byte[] buffer = new byte[1 << 16];
        for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
          sha.update(buffer, 0, n);
        }
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
