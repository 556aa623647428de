package io.c360.conform;

import io.c360.config.IdentityRules;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Values that never identify anyone (exact, case-insensitive, or by pattern); serialisable for executors. */
public final class Blocklist implements Serializable {
  private static final long serialVersionUID = 1L;
  private final Set<String> values;
  private final List<Pattern> patterns;

  Blocklist(Set<String> values, List<String> patterns) {
    this.values = Set.copyOf(values);
    this.patterns = patterns.stream().map(Pattern::compile).toList();
  }

  public static Blocklist of(IdentityRules rules) {
    return new Blocklist(rules.blockedValues(), rules.blockedPatterns());
  }

  public boolean blocks(String normalised) {
    if (normalised == null) {
      return true;
    }
    String v = normalised.toLowerCase(Locale.ROOT);
    return values.contains(v) || patterns.stream().anyMatch(p -> p.matcher(v).matches());
  }
}
