package io.c360.privacy;

import io.c360.lake.Lakehouse;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What `bin/c360 erase` prints: a request's record and attempts, the list of requests, and the
 * summary of an erasure.
 */
public final class ErasureStatus {
  private final Lakehouse lake;

  public ErasureStatus(Lakehouse lake) {
    this.lake = lake;
  }

  /** Request {@code requestId}'s row of compliance.erasure_requests and its attempts from the log. */
  public Optional<String> describe(String requestId, Instant now) {
    return new ComplianceTables(lake).status(requestId, now);
  }

  /** Which requests {@code erase --status} (without a request id) lists, and what it says when there are none. */
  public enum Filter {
    ALL("no erasure requests"),
    /** Not completed. */
    OPEN("no open requests"),
    /** Past their deadline and not completed. */
    OVERDUE("no overdue requests");

    private final String none;

    Filter(String none) {
      this.none = none;
    }

    boolean keeps(ComplianceTables.Recorded r, Instant now) {
      boolean open = !r.status().equals(ComplianceTables.COMPLETED);
      return switch (this) {
        case ALL -> true;
        case OPEN -> open;
        case OVERDUE -> r.overdue(now);
      };
    }
  }

  /** A request as listed: its row, and the rows its latest attempt deleted (null: none logged). */
  record Listed(ComplianceTables.Recorded request, Long rowsErased) {}

  /** The requests of compliance.erasure_requests that {@code filter} keeps, as {@link #table} prints them. */
  public String list(Filter filter, Instant now) {
    return table(new ComplianceTables(lake).requests(), filter, now);
  }

  /**
   * The requests {@code filter} keeps, oldest (received) first, as an aligned table: request id,
   * regulation, received, deadline, state (OVERDUE after it when past the deadline and not
   * completed) and rows erased by the latest attempt ("-" before any); or one line saying there are
   * none. Times are UTC, to the second.
   */
  static String table(List<Listed> requests, Filter filter, Instant now) {
    List<String[]> rows = new java.util.ArrayList<>();
    rows.add(new String[] {"request", "regulation", "received", "deadline", "state", "rows erased"});
    requests.stream().filter(l -> filter.keeps(l.request(), now))
        .sorted(java.util.Comparator.comparing((Listed l) -> l.request().receivedAt())
            .thenComparing(l -> l.request().requestId()))
        .forEach(l -> {
          ComplianceTables.Recorded r = l.request();
          rows.add(new String[] {r.requestId(), r.regulation(), second(r.receivedAt()), second(r.dueAt()),
              r.status() + (Filter.OVERDUE.keeps(r, now) ? " OVERDUE" : ""),
              l.rowsErased() == null ? "-" : String.format(Locale.ROOT, "%,d", l.rowsErased())});
        });
    if (rows.size() == 1) {
      return filter.none + "\n";
    }
    int[] width = new int[rows.get(0).length];
    rows.forEach(r -> {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    });
    StringBuilder b = new StringBuilder();
    for (String[] r : rows) {
      for (int i = 0; i < r.length - 1; i++) {
        b.append(String.format(Locale.ROOT, "%-" + width[i] + "s  ", r[i]));
      }
      b.append(String.format(Locale.ROOT, "%" + width[r.length - 1] + "s%n", r[r.length - 1]));
    }
    return b.toString();
  }

  private static String second(Instant t) {
    return t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
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
      b.append("  seconds per phase:");
      o.phaseSeconds().forEach((phase, s) -> b.append(String.format(Locale.ROOT, " %s %.1f", phase, s)));
      b.append('\n');
      b.append("  verification: ").append(o.traces().isEmpty() ? "clean, no form of an identifier in any file"
          : o.traces().size() + " files still hold a form of an identifier").append('\n');
      o.traces().forEach(t -> b.append("    ").append(t).append('\n'));
      b.append(notSearched(o.unreadable()));
    }
    return b.toString();
  }

  /** The files that could not be read to their end, each as "path (why)", under a line that says what to do; or nothing. */
  static String notSearched(List<String> unreadable) {
    if (unreadable.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("  not searched: ").append(unreadable.size())
        .append(" files could not be read to their end (what could be read was searched); repair or remove them, then run the erasure again to cover them\n");
    unreadable.forEach(f -> b.append("    ").append(f).append('\n'));
    return b.toString();
  }
}
