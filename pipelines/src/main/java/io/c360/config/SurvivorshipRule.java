package io.c360.config;

import java.util.List;
import java.util.Optional;

/**
 * Which of a customer's values of one attribute survives into the golden record when sources
 * disagree, and how the candidates are ordered to pick it.
 */
public record SurvivorshipRule(String attribute, Policy policy, List<String> sources) {

  /** How the surviving value is chosen. */
  public enum Policy {
    /** The first source in {@code sources} that has a value; the newest value within that source. */
    SOURCE_PRIORITY("source-priority"),
    /** The newest value from any source. */
    MOST_RECENT("most-recent"),
    /** The value seen in the most records; ties go to the newest. */
    MOST_FREQUENT("most-frequent"),
    /** The earliest value seen. */
    FIRST_NON_NULL("first-non-null");

    private final String id;

    Policy(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    static Optional<Policy> of(String id) {
      for (Policy p : values()) {
        if (p.id.equals(id)) {
          return Optional.of(p);
        }
      }
      return Optional.empty();
    }
  }

  public SurvivorshipRule {
    sources = List.copyOf(sources);
  }

  /**
   * Where a candidate from {@code source} ranks before the others are compared by time: its place
   * in the priority list (sources not listed come last), or 0 for every source under the other
   * policies.
   */
  public int sourceRank(String source) {
    if (policy != Policy.SOURCE_PRIORITY) {
      return 0;
    }
    int i = sources.indexOf(source);
    return i < 0 ? sources.size() : i;
  }
}
