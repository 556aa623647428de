package io.c360.privacy;

import java.io.Serializable;
import java.util.HashMap;
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

  private final Map<String, Set<String>> tokens;
  private final Map<String, Set<String>> phoneDigits;
  private final Map<String, Set<String>> others;

  private TraceMatcher(Map<String, Set<String>> tokens, Map<String, Set<String>> phoneDigits,
      Map<String, Set<String>> others) {
    this.tokens = tokens;
    this.phoneDigits = phoneDigits;
    this.others = others;
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
    while (i < n) {
      char c = text.charAt(i);
      if (!isTokenChar(c)) {
        i++;
        continue;
      }
      int start = i;
      while (i < n && isTokenChar(text.charAt(i))) {
        i++;
      }
      tokenLabels(text.substring(start, i).toLowerCase(Locale.ROOT), found);
    }
    if (!phoneDigits.isEmpty()) {
      findPhones(text, found);
    }
    if (!others.isEmpty()) {
      String lower = text.toLowerCase(Locale.ROOT);
      others.forEach((form, labels) -> {
        for (int at = lower.indexOf(form); at >= 0; at = lower.indexOf(form, at + 1)) {
          int end = at + form.length();
          if ((at == 0 || !isTokenChar(lower.charAt(at - 1))) && (end == lower.length() || !isTokenChar(lower.charAt(end)))) {
            found.addAll(labels);
            break;
          }
        }
      });
    }
    return found;
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
    StringBuilder digits = new StringBuilder();
    while (i < n) {
      if (!isPhoneChar(text.charAt(i)) || text.charAt(i) == ' ') {
        i++;
        continue;
      }
      digits.setLength(0);
      while (i < n && isPhoneChar(text.charAt(i))) {
        char c = text.charAt(i++);
        if (c >= '0' && c <= '9') {
          digits.append(c);
        }
      }
      if (digits.length() >= MIN_PHONE_DIGITS) {
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
    return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '@' || c == '-';
  }

  private static boolean isPhoneChar(char c) {
    return (c >= '0' && c <= '9') || c == ' ' || c == '(' || c == ')' || c == '+' || c == '-' || c == '.' || c == '/';
  }
}
