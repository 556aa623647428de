package io.c360.ingest;

import io.c360.config.SourceConfig;
import io.c360.lake.Lakehouse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
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
   * Records a file's new size, time and checksum after a rewrite, under the batch that ingested it,
   * when the ledger has it as committed. A file not ingested yet needs nothing: it is read as it is now.
   */
  public static void recordRewrite(Lakehouse lake, SourceConfig source, String path, String runId, String note) {
    Ledger ledger = new Ledger(lake, source.name());
    IngestPlan.LedgerEntry entry = ledger.latest().get(path);
    if (entry == null || !entry.status().equals(IngestPlan.COMMITTED)) {
      return;
    }
    Path file = new Path(path);
    try {
      FileSystem fs = file.getFileSystem(lake.spark().sparkContext().hadoopConfiguration());
      FileStatus status = fs.getFileStatus(file);
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      try (InputStream in = fs.open(file)) {
        byte[] buffer = new byte[1 << 16];
        for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
          sha.update(buffer, 0, n);
        }
      }
      IngestPlan.LandedFile rewritten = new IngestPlan.LandedFile(path, status.getLen(), status.getModificationTime(),
          Optional.of(HexFormat.of().formatHex(sha.digest())), Optional.empty());
      ledger.record(List.of(new Ledger.Entry(rewritten, IngestPlan.COMMITTED, null, null, null, note)),
          entry.batchId(), runId);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read rewritten landing file " + path, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
