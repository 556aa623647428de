package io.c360.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which landed files retention deletes: done with, unchanged since, and done before the cutoff. */
class LandingRetentionTest {
  private static final Instant CUTOFF = Instant.parse("2026-10-04T00:00:00Z");
  private static final Instant BEFORE = Instant.parse("2026-10-01T08:00:00Z");
  private static final Instant AFTER = Instant.parse("2026-10-05T08:00:00Z");

  private static IngestPlan.LandedFile landed(String path, long size) {
    return new IngestPlan.LandedFile(path, size, 1_000L, Optional.empty(), Optional.empty());
  }

  private static IngestPlan.LedgerEntry entry(String path, long size, String status) {
    return new IngestPlan.LedgerEntry(path, size, 1_000L, "sha", status, 1L);
  }

  @Test
  void aFileGoesOnlyWhenTheLedgerIsDoneWithItBeforeTheCutoffAndItIsUnchangedSince() {
    List<IngestPlan.LandedFile> landed = List.of(landed("old", 10), landed("duplicate", 10), landed("corrupt", 10),
        landed("recent", 10), landed("pending", 10), landed("changed", 10), landed("grown", 11), landed("new", 10));
    Map<String, IngestPlan.LedgerEntry> ledger = Map.of(
        "old", entry("old", 10, IngestPlan.COMMITTED),
        "duplicate", entry("duplicate", 10, IngestPlan.DUPLICATE),
        "corrupt", entry("corrupt", 10, IngestPlan.CORRUPT),
        "recent", entry("recent", 10, IngestPlan.COMMITTED),
        "pending", entry("pending", 10, IngestPlan.PENDING),
        "changed", entry("changed", 10, IngestPlan.CHANGED),
        "grown", entry("grown", 10, IngestPlan.COMMITTED));
    // "pending": committed long ago, then read again (reingest) and not finished.
    Map<String, Instant> doneAt = Map.of("old", BEFORE, "duplicate", BEFORE, "corrupt", BEFORE, "recent", AFTER,
        "pending", BEFORE, "changed", BEFORE, "grown", BEFORE);
    assertThat(LandingRetention.expired(landed, ledger, doneAt, CUTOFF)).extracting(a -> a.file().path())
        .containsExactly("old", "duplicate", "corrupt");
  }
}
