package io.c360.privacy;

import io.c360.lake.Lakehouse;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** What `bin/c360 erase` prints: a request's record and attempts, and the summary of an erasure. */
public final class ErasureStatus {
  private final Lakehouse lake;

  public ErasureStatus(Lakehouse lake) {
    this.lake = lake;
  }

  /** Request {@code requestId}'s row of compliance.erasure_requests and its attempts from the log. */
  public Optional<String> describe(String requestId, Instant now) {
    return new ComplianceTables(lake).status(requestId, now);
  }

  /** Requests past their deadline and not completed: id, regulation and deadline, oldest first. */
  public List<String> overdue(Instant now) {
    return new ComplianceTables(lake).overdue(now).stream()
        .map(r -> r.requestId() + " (" + r.regulation() + ", due " + r.dueAt() + ", " + r.status() + ")").toList();
  }

  /** Per request: rows and files per table, files outside the tables, suppression, verification. */
  public static String summary(List<Eraser.Outcome> outcomes) {
    StringBuilder b = new StringBuilder();
    for (Eraser.Outcome o : outcomes) {
      b.append("request ").append(o.requestId()).append(": ").append(o.status()).append('\n');
      b.append(String.format(Locale.ROOT, "  %-32s %8s %8s%n", "table", "rows", "files"));
      Map<String, Long> rows = new TreeMap<>(o.rowsDeleted());
      rows.forEach((t, n) -> b.append(String.format(Locale.ROOT, "  %-32s %,8d %,8d%n", t, n,
          o.filesRewritten().getOrDefault(t, 0L))));
      b.append(String.format(Locale.ROOT, "  %-32s %,8d %,8d%n", "total", o.rows(),
          o.filesRewritten().values().stream().mapToLong(Long::longValue).sum()));
      o.files().forEach(f -> b.append("  file ").append(f).append('\n'));
      b.append("  suppressed ").append(o.suppressed()).append(" identifiers\n");
      b.append("  verification: ").append(o.traces().isEmpty() ? "clean, no form of an identifier in any file"
          : o.traces().size() + " files still hold a form of an identifier").append('\n');
      o.traces().forEach(t -> b.append("    ").append(t).append('\n'));
      if (!o.unreadable().isEmpty()) {
        b.append("  not searched: ").append(o.unreadable().size()).append(" files could not be read at all; ")
            .append("repair or remove them, then run the erasure again to cover them\n");
        o.unreadable().forEach(f -> b.append("    ").append(f).append('\n'));
      }
    }
    return b.toString();
  }
}
