package io.c360.config;

import java.util.Optional;

/**
 * A segment: the customers of {@code gold.customer_360} for whom {@code where} (a Spark SQL
 * predicate over its columns) holds and, for a marketing segment, who hold a current grant of the
 * required consent.
 */
public record SegmentDefinition(String name, String description, String where, Optional<Consent> consent) {
  /** A consent purpose and channel, e.g. marketing by email; the key in customer_360.consents. */
  public record Consent(String purpose, String channel) {
    public String key() {
      return purpose + ":" + channel;
    }
  }
}
