package io.c360.config;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code conf/privacy.yaml: retention}: how long c360 keeps what it holds of people it cannot name.
 *
 * @param anonymousDays customers with no identifier of a known type (profile.yaml lifecycle
 *     known-types), not observed for more than this many days, are deleted everywhere; empty: kept
 *     forever
 * @param landingDays landed files ingested more than this many days ago are deleted (bronze keeps
 *     their records, {@code _raw} included); empty: kept forever
 */
public record Retention(OptionalInt anonymousDays, OptionalInt landingDays) {
  /** What ad-tech data platforms keep anonymous profiles for: 30 to 90 days. */
  public static final int DEFAULT_DAYS = 90;
  public static final Retention DEFAULT = new Retention(OptionalInt.of(DEFAULT_DAYS), OptionalInt.of(DEFAULT_DAYS));

  static final String FOREVER = "forever";

  /**
   * The last instant whose data goes: data observed before the start of the day {@code days} before
   * {@code asOf} is older than {@code days} days on {@code asOf}.
   */
  public static Optional<Instant> cutoff(OptionalInt days, LocalDate asOf) {
    return days.isPresent() ? Optional.of(asOf.minusDays(days.getAsInt()).atStartOfDay(ZoneOffset.UTC).toInstant())
        : Optional.empty();
  }

  static Retention parse(Node privacy) {
    if (!privacy.has("retention")) {
      return DEFAULT;
    }
    Node n = privacy.child("retention").allowOnly(Set.of("anonymous-days", "landing-days"));
    return new Retention(days(n, "anonymous-days"), days(n, "landing-days"));
  }

  private static OptionalInt days(Node n, String key) {
    if (!n.has(key)) {
      return OptionalInt.of(DEFAULT_DAYS);
    }
    Object raw = n.raw(key);
    if (FOREVER.equals(raw)) {
      return OptionalInt.empty();
    }
    if (!(raw instanceof Integer days) || days < 1) {
      throw n.error(key, "expected the days to keep, 1 or more, or " + FOREVER + ", but was '" + raw + "'");
    }
    return OptionalInt.of(days);
  }
}
