package io.c360.privacy;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds a person's identifiers in any text: a landing file's record, a row rendered as JSON, a
 * Delta log line, Iceberg metadata. Text is read as tokens (runs of letters, digits and
 * {@code . _ % + @ -}), each compared, case-insensitively, with the forms of the identifiers
 * (normalised, as given, as found in bronze): "ann@x.com" is found in {@code "email":"Ann@X.com"}
 * but not in "joann@x.com". Phone numbers are also compared by their digits, since raw files write
 * them as "(201) 554-2699" or "+33 (0)6 12 40 47 73". One pass over the text, whatever the number
 * of identifiers. A form that is not a token (an id such as "auth0|42") is searched as a substring
 * bounded by non-token characters. What is reported is the labels found (e.g. a request id and a
 * type), never the value; a form two requests share reports both.
 */
final class TraceMatcher implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Shorter values are too likely to be some other token ("42", "uk") to be looked for in free text. */
  static final int MIN_LENGTH = 4;
  /** Fewer digits could be a date, a price or a postal code. */
  static final int MIN_PHONE_DIGITS = 8;

  /** Bits of the filter that tokens are checked against before a lookup: 2^16, 8 KiB. */
  private static final int FILTER_BITS = 1 << 16;
  private static final boolean[] ASCII_TOKEN_CHARS = new boolean[128];

  static {
    for (char c = 0; c < 128; c++) {
      ASCII_TOKEN_CHARS[c] = Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '@'
          || c == '-';
    }
  }

  private final Map<String, Set<String>> tokens;
  private final Map<String, Set<String>> phoneDigits;
  private final Map<String, Set<String>> others;
  /**
   * A token's lower-case hash code (String's) sets one bit here: a token whose bit is clear is not
   * a form, decided without building the token as a string; one whose bit is set is looked up.
   */
  private final long[] tokenFilter = new long[FILTER_BITS / 64];
  /** The same for the digits of the phone numbers looked for. */
  private final long[] phoneFilter = new long[FILTER_BITS / 64];
  /** Digit counts of the phone numbers looked for: a run of digits of another length is not one. */
  private final boolean[] phoneLengths;
  /**
   * Forms that are not one token ("+1 201 554 2699", "auth0|42"), ASCII, by their first token: such
   * a form can only start where that token does in the text, less its offset in the form.
   */
  private final Map<String, List<Anchored>> anchored = new HashMap<>();
  private final Set<String> anchoredForms = new java.util.HashSet<>();

  /** A form looked for where its first token is found; {@code offset}: where that token starts in it. */
  private record Anchored(String form, int offset, Set<String> labels) implements Serializable {}

  private TraceMatcher(Map<String, Set<String>> tokens, Map<String, Set<String>> phoneDigits,
      Map<String, Set<String>> others) {
    this.tokens = tokens;
    this.phoneDigits = phoneDigits;
    this.others = others;
    tokens.keySet().forEach(t -> setBit(tokenFilter, t.hashCode()));
    this.phoneLengths = new boolean[phoneDigits.keySet().stream().mapToInt(String::length).max().orElse(0) + 1];
    phoneDigits.keySet().forEach(d -> {
      phoneLengths[d.length()] = true;
      setBit(phoneFilter, d.hashCode());
    });
    others.forEach((form, labels) -> {
      int k = 0;
      while (k < form.length() && !isTokenChar(form.charAt(k))) {
        k++;
      }
      if (k == form.length() || !form.chars().allMatch(c -> c < 128)) {
        return; // no token to anchor on, or lower-case would not keep its length: searched in full
      }
      int e = k;
      while (e < form.length() && isTokenChar(form.charAt(e))) {
        e++;
      }
      String first = form.substring(k, e);
      anchored.computeIfAbsent(first, x -> new ArrayList<>()).add(new Anchored(form, k, labels));
      anchoredForms.add(form);
      setBit(tokenFilter, first.hashCode());
    });
  }

  private static void setBit(long[] filter, int hash) {
    int bit = spread(hash);
    filter[bit >>> 6] |= 1L << bit;
  }

  private static boolean hasBit(long[] filter, int hash) {
    int bit = spread(hash);
    return (filter[bit >>> 6] & (1L << bit)) != 0;
  }

  private static int spread(int hash) {
    return (hash ^ (hash >>> 16)) & (FILTER_BITS - 1);
  }

  static Builder builder() {
    return new Builder();
  }

  /** The forms looked for, with the label a find reports. */
  static final class Builder {
    private final Map<String, Set<String>> tokens = new HashMap<>();
    private final Map<String, Set<String>> phoneDigits = new HashMap<>();
    private final Map<String, Set<String>> others = new LinkedHashMap<>();

    /** A form of a non-phone identifier, e.g. an e-mail address or a user id. */
    Builder value(String form, String label) {
      String t = form == null ? "" : form.trim().toLowerCase(Locale.ROOT);
      if (t.length() >= MIN_LENGTH) {
        (isToken(t) ? tokens : others).computeIfAbsent(t, k -> new TreeSet<>()).add(label);
      }
      return this;
    }

    /** A form of a phone number: as a token if it is one, and by its digits. */
    Builder phone(String form, String label) {
      if (form == null) {
        return this;
      }
      value(form, label);
      return phoneDigits(form.replaceAll("[^0-9]", ""), label);
    }

    /** A phone number's digits as some text may write them (national form, with a trunk prefix). */
    Builder phoneDigits(String digits, String label) {
      if (digits.length() >= MIN_PHONE_DIGITS) {
        phoneDigits.computeIfAbsent(digits, k -> new TreeSet<>()).add(label);
      }
      return this;
    }

    boolean isEmpty() {
      return tokens.isEmpty() && phoneDigits.isEmpty() && others.isEmpty();
    }

    TraceMatcher build() {
      return new TraceMatcher(Map.copyOf(tokens), Map.copyOf(phoneDigits), Map.copyOf(others));
    }
  }

  boolean isEmpty() {
    return tokens.isEmpty() && phoneDigits.isEmpty() && others.isEmpty();
  }

  /** One label found in {@code text}, if any. */
  Optional<String> find(String text) {
    Set<String> all = findAll(text);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.iterator().next());
  }

  /** Every label whose form is in {@code text}. */
  Set<String> findAll(String text) {
    Set<String> found = new TreeSet<>();
    if (text == null || text.isEmpty()) {
      return found;
    }
    int n = text.length();
    int i = 0;
    boolean asciiText = true;
    Set<String> anchoredFound = null; // made on the first anchored find: most rows have none
    while (i < n) {
      char c = text.charAt(i);
      if (!isTokenChar(c)) {
        asciiText &= c < 128;
        i++;
        continue;
      }
      // The token's hash as String.hashCode of its lower-case form, and of it without trailing
      // '.' and '-' (tokenLabels' second try); ASCII only: other characters lower-case differently
      // one at a time than in a string, so a token holding one is looked up as before.
      int start = i;
      int hash = 0;
      int trimmedHash = 0;
      boolean ascii = true;
      while (i < n && isTokenChar(c = text.charAt(i))) {
        if (c >= 128) {
          ascii = false;
        } else if (c >= 'A' && c <= 'Z') {
          c = (char) (c + ('a' - 'A'));
        }
        hash = 31 * hash + c;
        if (c != '.' && c != '-') {
          trimmedHash = hash;
        }
        i++;
      }
      asciiText &= ascii;
      if (!ascii || hasBit(tokenFilter, hash) || hasBit(tokenFilter, trimmedHash)) {
        String token = text.substring(start, i).toLowerCase(Locale.ROOT);
        tokenLabels(token, found);
        anchoredFound = anchoredLabels(text, start, token, anchoredFound);
      }
    }
    if (!phoneDigits.isEmpty()) {
      findPhones(text, found);
    }
    if (!others.isEmpty()) {
      if (asciiText && anchoredFound != null) {
        found.addAll(anchoredFound);
      }
      String lower = null;
      for (Map.Entry<String, Set<String>> o : others.entrySet()) {
        if (asciiText && anchoredForms.contains(o.getKey())) {
          continue;
        }
        lower = lower == null ? text.toLowerCase(Locale.ROOT) : lower;
        if (containsBounded(lower, o.getKey())) {
          found.addAll(o.getValue());
        }
      }
    }
    return found;
  }

  /**
   * Forms anchored on {@code token}, found starting at its place in {@code text}, bounded by
   * non-token characters, added to {@code found}, which is made when null and a form is found.
   *
   * @return {@code found}, or the set made for the first find
   */
  private Set<String> anchoredLabels(String text, int tokenStart, String token, Set<String> found) {
    List<Anchored> candidates = anchored.get(token);
    if (candidates == null) {
      return found;
    }
    for (Anchored a : candidates) {
      int at = tokenStart - a.offset();
      int end = at + a.form().length();
      if (at >= 0 && end <= text.length() && (at == 0 || !isTokenChar(text.charAt(at - 1)))
          && (end == text.length() || !isTokenChar(text.charAt(end)))
          && text.regionMatches(true, at, a.form(), 0, a.form().length())) {
        found = found == null ? new TreeSet<>() : found;
        found.addAll(a.labels());
      }
    }
    return found;
  }

  /** {@code form} in {@code lower} with a non-token character (or the text's end) on both sides. */
  private static boolean containsBounded(String lower, String form) {
    for (int at = lower.indexOf(form); at >= 0; at = lower.indexOf(form, at + 1)) {
      int end = at + form.length();
      if ((at == 0 || !isTokenChar(lower.charAt(at - 1))) && (end == lower.length() || !isTokenChar(lower.charAt(end)))) {
        return true;
      }
    }
    return false;
  }

  boolean matches(String text) {
    return !findAll(text).isEmpty();
  }

  /** A token, or the token without trailing sentence punctuation ("jane@x.com." ends a sentence). */
  private void tokenLabels(String token, Set<String> found) {
    Set<String> labels = tokens.get(token);
    if (labels != null) {
      found.addAll(labels);
      return;
    }
    int end = token.length();
    while (end > 0 && (token.charAt(end - 1) == '.' || token.charAt(end - 1) == '-')) {
      end--;
    }
    if (end < token.length() && tokens.containsKey(token.substring(0, end))) {
      found.addAll(tokens.get(token.substring(0, end)));
    }
  }

  /** Runs of digits and the characters phone numbers are written with, compared by their digits. */
  private void findPhones(String text, Set<String> found) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      if (!isPhoneChar(text.charAt(i)) || text.charAt(i) == ' ') {
        i++;
        continue;
      }
      // The run's digits counted and hashed as String.hashCode would; built only when both fit.
      int start = i;
      int count = 0;
      int hash = 0;
      while (i < n && isPhoneChar(text.charAt(i))) {
        char c = text.charAt(i++);
        if (c >= '0' && c <= '9') {
          count++;
          hash = 31 * hash + c;
        }
      }
      if (count >= MIN_PHONE_DIGITS && count < phoneLengths.length && phoneLengths[count] && hasBit(phoneFilter, hash)) {
        StringBuilder digits = new StringBuilder(count);
        for (int j = start; j < i; j++) {
          char c = text.charAt(j);
          if (c >= '0' && c <= '9') {
            digits.append(c);
          }
        }
        Set<String> labels = phoneDigits.get(digits.toString());
        if (labels != null) {
          found.addAll(labels);
        }
      }
    }
  }

  private static boolean isToken(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!isTokenChar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  static boolean isTokenChar(char c) {
    return c < 128 ? ASCII_TOKEN_CHARS[c] : Character.isLetterOrDigit(c);
  }

  private static boolean isPhoneChar(char c) {
    return (c >= '0' && c <= '9') || c == ' ' || c == '(' || c == ')' || c == '+' || c == '-' || c == '.' || c == '/';
  }
}
