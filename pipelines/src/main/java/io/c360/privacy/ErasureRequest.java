package io.c360.privacy;

import io.c360.conform.IdentifierArgument;
import io.c360.config.PrivacyRules;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/**
 * One request to erase a person: its id, the regulation it is made under (which sets the
 * deadline), when it was received, the person's identifiers as given, and where it came from (the
 * command line or an intake file).
 */
public record ErasureRequest(String requestId, String regulation, Instant receivedAt,
    List<IdentifierArgument> identifiers, String origin) {
  private static final String ID = "[A-Za-z0-9][A-Za-z0-9._:-]{0,63}";

  public ErasureRequest {
    identifiers = List.copyOf(identifiers);
    checkId(requestId, origin);
    if (identifiers.isEmpty()) {
      throw new IllegalArgumentException(origin + ": request " + requestId + " names no identifier");
    }
  }

  static void checkId(String requestId, String where) {
    if (requestId == null || !requestId.matches(ID)) {
      throw new IllegalArgumentException(where + ": a request id is 1 to 64 letters, digits, '.', '_', ':' or '-' "
          + "(starting with a letter or digit), but was '" + requestId + "'");
    }
  }

  /** A fresh id for a request filed without one: the time and a random suffix, nothing about the person. */
  public static String newId(Instant now) {
    return "R-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(now) + "-"
        + UUID.randomUUID().toString().substring(0, 6);
  }

  /** The legal deadline: received plus the regulation's days from conf/privacy.yaml. */
  public Instant dueAt(PrivacyRules rules) {
    return receivedAt.plus(Duration.ofDays(rules.dueDays(regulation)));
  }
}
