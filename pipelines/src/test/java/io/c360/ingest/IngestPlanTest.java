package io.c360.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.c360.ingest.IngestPlan.LandedFile;
import io.c360.ingest.IngestPlan.LedgerEntry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IngestPlanTest {
  static LandedFile file(String path, long size, long mtime, String sha) {
    return new LandedFile(path, size, mtime, Optional.ofNullable(sha), Optional.empty());
  }

  static LedgerEntry entry(String path, long size, long mtime, String sha, String status, long batch) {
    return new LedgerEntry(path, size, mtime, sha, status, batch);
  }

  @Test
  void newFilesAreReadAndCommittedOnesSkippedWithoutReadingThem() {
    Map<String, LedgerEntry> ledger = Map.of("a", entry("a", 10, 1, "sha-a", IngestPlan.COMMITTED, 1));
    assertThat(IngestPlan.knownUnchanged(file("a", 10, 1, null), ledger)).isTrue();
    IngestPlan plan = IngestPlan.decide(List.of(file("a", 10, 1, null), file("b", 5, 2, "sha-b")), ledger);
    assertThat(plan.toRead()).extracting(LandedFile::path).containsExactly("b");
    assertThat(plan.alreadyIngested()).isEqualTo(1);
  }

  @Test
  void aFileChangedAfterIngestionIsReportedNotRead() {
    Map<String, LedgerEntry> ledger = Map.of("a", entry("a", 10, 1, "sha-a", IngestPlan.COMMITTED, 1));
    IngestPlan plan = IngestPlan.decide(List.of(file("a", 12, 5, "sha-a2")), ledger);
    assertThat(plan.changed()).extracting(LandedFile::path).containsExactly("a");
    assertThat(plan.toRead()).isEmpty();
    // Touched but the same bytes: nothing to report.
    IngestPlan touched = IngestPlan.decide(List.of(file("a", 10, 9, "sha-a")), ledger);
    assertThat(touched.changed()).isEmpty();
    assertThat(touched.alreadyIngested()).isEqualTo(1);
    // Reported once, then left alone.
    Map<String, LedgerEntry> reported = Map.of("a", entry("a", 12, 5, "sha-a2", IngestPlan.CHANGED, 2));
    assertThat(IngestPlan.decide(List.of(file("a", 12, 5, null)), reported).changed()).isEmpty();
  }

  @Test
  void withReingestAChangedFileIsReadAgainAndAKilledReingestFinishesAsOne() {
    Map<String, LedgerEntry> ledger = Map.of("a", entry("a", 10, 1, "sha-a", IngestPlan.COMMITTED, 1),
        "b", entry("b", 7, 2, "sha-b", IngestPlan.COMMITTED, 1));
    IngestPlan plan = IngestPlan.decide(List.of(file("a", 12, 5, "sha-a2"), file("b", 7, 2, null)), ledger, true);
    assertThat(plan.reingest()).extracting(LandedFile::path).containsExactly("a");
    assertThat(plan.changed()).isEmpty();
    assertThat(plan.toRead()).isEmpty();
    assertThat(plan.alreadyIngested()).isEqualTo(1);
    // Touched, same bytes: nothing to do.
    assertThat(IngestPlan.decide(List.of(file("a", 10, 9, "sha-a")), ledger, true).reingest()).isEmpty();
    // Reported as changed while the source said report: read once the source says reingest.
    Map<String, LedgerEntry> reported = Map.of("a", entry("a", 12, 5, "sha-a2", IngestPlan.CHANGED, 2));
    assertThat(IngestPlan.knownUnchanged(file("a", 12, 5, null), reported, true)).isFalse();
    assertThat(IngestPlan.decide(List.of(file("a", 12, 5, "sha-a2")), reported, true).reingest())
        .extracting(LandedFile::path).containsExactly("a");
    assertThat(IngestPlan.decide(List.of(file("a", 12, 5, null)), reported, false).reingest()).isEmpty();
    // A run killed while reingesting: its batch is abandoned and the file replaced again, as a reingest
    // even if the source has gone back to report.
    Map<String, LedgerEntry> killed = Map.of("a", entry("a", 12, 5, "sha-a2", IngestPlan.REINGESTING, 3));
    IngestPlan resumed = IngestPlan.decide(List.of(file("a", 12, 5, "sha-a2")), killed, false);
    assertThat(resumed.abandonedBatches()).containsExactly(3L);
    assertThat(resumed.reingest()).extracting(LandedFile::path).containsExactly("a");
    assertThat(resumed.toRead()).isEmpty();
  }

  @Test
  void theSameContentUnderAnotherNameIsADuplicate() {
    Map<String, LedgerEntry> ledger = Map.of("a", entry("a", 10, 1, "sha-a", IngestPlan.COMMITTED, 1));
    IngestPlan plan = IngestPlan.decide(List.of(file("a", 10, 1, null), file("copy-of-a", 10, 3, "sha-a"),
        file("b", 4, 3, "sha-b"), file("b-again", 4, 3, "sha-b")), ledger);
    assertThat(plan.duplicates()).extracting(LandedFile::path).containsExactly("copy-of-a", "b-again");
    assertThat(plan.toRead()).extracting(LandedFile::path).containsExactly("b");
  }

  @Test
  void filesOfAnAbandonedBatchAreReadAgainAndTheBatchNamedForCleanUp() {
    Map<String, LedgerEntry> ledger = Map.of(
        "a", entry("a", 10, 1, "sha-a", IngestPlan.COMMITTED, 1),
        "b", entry("b", 4, 3, "sha-b", IngestPlan.PENDING, 2));
    IngestPlan plan = IngestPlan.decide(List.of(file("a", 10, 1, null), file("b", 4, 3, "sha-b")), ledger);
    assertThat(plan.abandonedBatches()).isEqualTo(Set.of(2L));
    assertThat(plan.toRead()).extracting(LandedFile::path).containsExactly("b");
  }

  @Test
  void aCorruptFileIsSetAsideAndReadWhenReplaced() {
    LandedFile broken = new LandedFile("x.gz", 7, 1, Optional.of("sha-x"), Optional.of("truncated gzip"));
    IngestPlan plan = IngestPlan.decide(List.of(broken), Map.of());
    assertThat(plan.corrupt()).containsExactly(broken);
    assertThat(plan.toRead()).isEmpty();
    Map<String, LedgerEntry> ledger = Map.of("x.gz", entry("x.gz", 7, 1, "sha-x", IngestPlan.CORRUPT, 1));
    IngestPlan fixed = IngestPlan.decide(List.of(file("x.gz", 9, 2, "sha-fixed")), ledger);
    assertThat(fixed.toRead()).extracting(LandedFile::path).containsExactly("x.gz");
  }
}
