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
 * @param attachShared what becomes of a shared identifier: it belongs to no customer, or to the
 *     customer it was seen with most often (it still links nobody)
 * @param maxComponentSize a customer with more identifiers than this is split at its weakest links
 */
public record IdentityRules(
    IdentifierTypes types,
    Map<String, Integer> maxPerCustomer,
    Set<String> blockedValues,
    List<String> blockedPatterns,
    int sharedThreshold,
    EmailRules email,
    SharedAttachment attachShared,
    int maxComponentSize) {

  /** Where a shared identifier goes in gold.identity_map. */
  public enum SharedAttachment {
    /** Nowhere: it is listed in gold.shared_identifiers only. */
    NONE,
    /** To the customer whose identifiers it was seen with in the most records. */
    MOST_FREQUENT;

    public String id() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  private static final Set<String> KEYS = Set.of("types", "blocklist", "shared", "components", "email");
  public static final int DEFAULT_MAX_COMPONENT_SIZE = 200;

  public IdentityRules(IdentifierTypes types, Map<String, Integer> maxPerCustomer, Set<String> blockedValues,
      List<String> blockedPatterns, int sharedThreshold) {
    this(types, maxPerCustomer, blockedValues, blockedPatterns, sharedThreshold, EmailRules.AS_WRITTEN,
        SharedAttachment.NONE, DEFAULT_MAX_COMPONENT_SIZE);
  }

  /** The same rules with another e-mail normalisation. */
  public IdentityRules withEmail(EmailRules rules) {
    return new IdentityRules(types, maxPerCustomer, blockedValues, blockedPatterns, sharedThreshold, rules,
        attachShared, maxComponentSize);
  }

  /** The same rules with other limits and component size. */
  public IdentityRules withLimits(Map<String, Integer> limits, int maxSize) {
    return new IdentityRules(types, limits, blockedValues, blockedPatterns, sharedThreshold, email, attachShared,
        maxSize);
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
    Node shared = n.child("shared").allowOnly(Set.of("max-distinct-per-type", "attach"));
    int threshold = shared.integer("max-distinct-per-type", 3);
    if (threshold < 1) {
      throw shared.error("max-distinct-per-type", "expected 1 or more but was " + threshold);
    }
    String attach = shared.string("attach", "none");
    SharedAttachment attachment = java.util.Arrays.stream(SharedAttachment.values())
        .filter(a -> a.id().equals(attach)).findFirst()
        .orElseThrow(() -> shared.error("attach", "expected none or most-frequent but was '" + attach + "'"));
    Node components = n.child("components").allowOnly(Set.of("max-size"));
    int maxSize = components.integer("max-size", DEFAULT_MAX_COMPONENT_SIZE);
    if (maxSize < 2) {
      throw components.error("max-size", "expected 2 or more identifiers but was " + maxSize);
    }
    Node email = n.child("email").allowOnly(Set.of("gmail-remove-dots", "remove-plus-tags"));
    return new IdentityRules(new IdentifierTypes(names), limits, values, patterns, threshold,
        new EmailRules(email.bool("gmail-remove-dots", false), email.bool("remove-plus-tags", false)), attachment,
        maxSize);
  }

  /** The rules as text in a stable order (sets and maps sorted), for telling whether they changed. */
  public String fingerprint() {
    return normalisationFingerprint() + " limits=" + new java.util.TreeMap<>(maxPerCustomer) + " shared="
        + sharedThreshold + " attach=" + attachShared.id() + " max-size=" + maxComponentSize;
  }

  /** What decides which values are identifiers (types, blocklist, e-mail rules), as stable text. */
  public String normalisationFingerprint() {
    return "types=" + types.names() + " blocked=" + new java.util.TreeSet<>(blockedValues) + " patterns="
        + blockedPatterns + " email=" + email;
  }

  /** At most this many distinct values of the type per customer (0: no limit). */
  public int limit(String type) {
    return maxPerCustomer.getOrDefault(type, 0);
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
