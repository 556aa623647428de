package io.c360.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which landed files one ingest run reads, decided from the file ledger alone (no Spark): files
 * never seen are read; files already committed are skipped; a file whose content changed after it
 * was ingested is reported and not read, or, for a source with {@code on-change: reingest}, read
 * again to replace its rows ({@link #reingest}); the same content landed again under another name is
 * reported and not read; files of a batch that never committed (a killed run) are read again after
 * that batch's rows are removed, a file being reingested again as a reingest.
 */
public record IngestPlan(
    List<LandedFile> toRead,
    List<LandedFile> reingest,
    List<LandedFile> changed,
    List<LandedFile> duplicates,
    List<LandedFile> corrupt,
    Set<Long> abandonedBatches,
    int alreadyIngested) {

  /** A file in the landing zone; its checksum is computed only when the ledger cannot vouch for it. */
  public record LandedFile(String path, long size, long modifiedAt, Optional<String> checksum,
      Optional<String> problem) {
    public LandedFile withChecksum(String sha256, Optional<String> problem) {
      return new LandedFile(path, size, modifiedAt, Optional.of(sha256), problem);
    }
  }

  /** The latest ledger entry for a path. */
  public record LedgerEntry(String path, long size, long modifiedAt, String checksum, String status, long batchId) {}

  public static final String COMMITTED = "committed";
  public static final String PENDING = "pending";
  /** Pending too, for a file read again to replace its rows: a run killed meanwhile replaces them again. */
  public static final String REINGESTING = "reingesting";
  public static final String CHANGED = "changed";
  public static final String DUPLICATE = "duplicate";
  public static final String CORRUPT = "corrupt";

  /** True when the ledger already vouches for the file without reading its content. */
  public static boolean knownUnchanged(LandedFile file, Map<String, LedgerEntry> ledger) {
    return knownUnchanged(file, ledger, false);
  }

  /**
   * As {@link #knownUnchanged(LandedFile, Map)}; with {@code reingest}, a file reported as changed
   * (before the source said to reingest) is not vouched for: it is read again.
   */
  public static boolean knownUnchanged(LandedFile file, Map<String, LedgerEntry> ledger, boolean reingest) {
    LedgerEntry e = ledger.get(file.path());
    return e != null && !pending(e.status()) && !(reingest && e.status().equals(CHANGED))
        && e.size() == file.size() && e.modifiedAt() == file.modifiedAt();
  }

  private static boolean pending(String status) {
    return status.equals(PENDING) || status.equals(REINGESTING);
  }

  public static IngestPlan decide(List<LandedFile> landed, Map<String, LedgerEntry> ledger) {
    return decide(landed, ledger, false);
  }

  /**
   * @param landed every file listed, with checksums for those {@link #knownUnchanged} rejects
   * @param ledger the latest entry per path
   */
  public static IngestPlan decide(List<LandedFile> landed, Map<String, LedgerEntry> ledger, boolean reingest) {
    Map<String, String> committedChecksums = new HashMap<>();
    Set<Long> abandoned = new TreeSet<>();
    for (LedgerEntry e : ledger.values()) {
      if (e.status().equals(COMMITTED)) {
        committedChecksums.put(e.checksum(), e.path());
      } else if (pending(e.status())) {
        abandoned.add(e.batchId());
      }
    }
    List<LandedFile> read = new ArrayList<>();
    List<LandedFile> again = new ArrayList<>();
    List<LandedFile> changed = new ArrayList<>();
    List<LandedFile> duplicates = new ArrayList<>();
    List<LandedFile> corrupt = new ArrayList<>();
    int known = 0;
    for (LandedFile f : landed) {
      LedgerEntry e = ledger.get(f.path());
      if (knownUnchanged(f, ledger, reingest)) {
        known++;
        continue;
      }
      String checksum = f.checksum().orElseThrow(() -> new IllegalArgumentException("no checksum for " + f.path()));
      boolean changedOrReported = e != null && (e.status().equals(COMMITTED) || e.status().equals(CHANGED))
          && (e.status().equals(CHANGED) || !checksum.equals(e.checksum()));
      // A reingest a killed run left half-done is finished as one, whatever the source says now.
      if (reingest && changedOrReported || e != null && e.status().equals(REINGESTING)) {
        if (f.problem().isPresent()) {
          corrupt.add(f); // set aside as any unreadable file; the rows of its last good version stay
        } else {
          again.add(f);
          committedChecksums.put(checksum, f.path());
        }
        continue;
      }
      if (e != null && (e.status().equals(COMMITTED) || e.status().equals(CHANGED))) {
        if (e.checksum() != null && e.checksum().equals(checksum)) {
          known++; // touched, not changed
        } else if (!e.status().equals(CHANGED)) {
          changed.add(f);
        } else {
          known++; // already reported
        }
        continue;
      }
      String sameContent = committedChecksums.get(checksum);
      if (sameContent != null && !sameContent.equals(f.path())) {
        duplicates.add(f);
      } else if (f.problem().isPresent()) {
        corrupt.add(f);
      } else {
        read.add(f);
        committedChecksums.put(checksum, f.path());
      }
    }
    return new IngestPlan(List.copyOf(read), List.copyOf(again), List.copyOf(changed), List.copyOf(duplicates), List.copyOf(corrupt),
        Set.copyOf(abandoned), known);
  }
}
