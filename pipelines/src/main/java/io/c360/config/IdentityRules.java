package io.c360.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Rules for stitching identities, from conf/identity.yaml.
 *
 * @param types identifier types, highest priority first
 * @param maxPerCustomer per type, how many distinct values one customer may have; an identifier
 *     seen with more values of such a type than its limit links none of them
 * @param blockedValues normalised values that never identify anyone
 * @param blockedPatterns regular expressions over normalised values that never identify anyone
 * @param sharedThreshold an identifier seen with more than this many distinct values of one
 *     higher-priority type is shared (a kiosk, a family tablet) and links nothing
 * @param email how e-mail addresses are normalised
 */
public record IdentityRules(
    IdentifierTypes types,
    Map<String, Integer> maxPerCustomer,
    Set<String> blockedValues,
    List<String> blockedPatterns,
    int sharedThreshold,
    EmailRules email) {

  private static final Set<String> KEYS = Set.of("types", "blocklist", "shared", "email");

  public IdentityRules(IdentifierTypes types, Map<String, Integer> maxPerCustomer, Set<String> blockedValues,
      List<String> blockedPatterns, int sharedThreshold) {
    this(types, maxPerCustomer, blockedValues, blockedPatterns, sharedThreshold, EmailRules.AS_WRITTEN);
  }

  public IdentityRules {
    maxPerCustomer = Map.copyOf(maxPerCustomer);
    blockedValues = Set.copyOf(blockedValues);
    blockedPatterns = List.copyOf(blockedPatterns);
  }

  public static IdentityRules load(Path file) {
    Node n = new Node(Yaml.read(file), Paths.display(file), "").allowOnly(KEYS);
    List<String> names = new ArrayList<>();
    Map<String, Integer> limits = new LinkedHashMap<>();
    for (Node t : n.children("types")) {
      t.allowOnly(Set.of("name", "max-per-customer", "description"));
      String name = t.string("name");
      if (!Text.isIdentifier(name)) {
        throw t.error("name", "expected a lower-case identifier but was '" + name + "'");
      }
      if (names.contains(name)) {
        throw t.error("name", "identifier type '" + name + "' is declared twice");
      }
      names.add(name);
      int max = t.integer("max-per-customer", 0);
      if (max < 0) {
        throw t.error("max-per-customer", "expected 0 (no limit) or more but was " + max);
      }
      if (max > 0) {
        limits.put(name, max);
      }
    }
    if (names.isEmpty()) {
      throw n.error("types", "missing required value: list the identifier types, highest priority first");
    }
    Node block = n.child("blocklist").allowOnly(Set.of("values", "patterns"));
    Set<String> values = new java.util.TreeSet<>();
    for (String v : block.strings("values")) {
      values.add(v.trim().toLowerCase(Locale.ROOT));
    }
    List<String> patterns = block.strings("patterns");
    for (int i = 0; i < patterns.size(); i++) {
      try {
        Pattern.compile(patterns.get(i));
      } catch (PatternSyntaxException e) {
        throw ConfigException.at(n.origin(), "blocklist.patterns[" + i + "]",
            "not a valid regular expression: " + e.getDescription());
      }
    }
    Node shared = n.child("shared").allowOnly(Set.of("max-distinct-per-type"));
    int threshold = shared.integer("max-distinct-per-type", 3);
    if (threshold < 1) {
      throw shared.error("max-distinct-per-type", "expected 1 or more but was " + threshold);
    }
    Node email = n.child("email").allowOnly(Set.of("gmail-remove-dots", "remove-plus-tags"));
    return new IdentityRules(new IdentifierTypes(names), limits, values, patterns, threshold,
        new EmailRules(email.bool("gmail-remove-dots", false), email.bool("remove-plus-tags", false)));
  }

  /** The rules as text in a stable order (sets and maps sorted), for telling whether they changed. */
  public String fingerprint() {
    return "types=" + types.names() + " limits=" + new java.util.TreeMap<>(maxPerCustomer) + " blocked="
        + new java.util.TreeSet<>(blockedValues) + " patterns=" + blockedPatterns + " shared=" + sharedThreshold
        + " email=" + email;
  }

  /**
   * How many distinct values of {@code type} one identifier may be seen with before it counts as
   * shared: the type's per-customer limit, or the shared threshold when the type has none.
   */
  public int sharedThreshold(String type) {
    return Math.min(maxPerCustomer.getOrDefault(type, sharedThreshold), sharedThreshold);
  }

  /** True when a normalised value may never identify anyone. */
  public boolean isBlocked(String normalisedValue) {
    if (normalisedValue == null) {
      return true;
    }
    String v = normalisedValue.toLowerCase(Locale.ROOT);
    if (blockedValues.contains(v)) {
      return true;
    }
    for (String p : blockedPatterns) {
      if (Pattern.matches(p, v)) {
        return true;
      }
    }
    return false;
  }
}
