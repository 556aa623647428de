package io.c360.config;

import java.util.Collection;
import java.util.regex.Pattern;

/** Small text helpers for messages and names. */
final class Text {
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]*");

  private Text() {}

  static boolean isIdentifier(String s) {
    return s != null && IDENTIFIER.matcher(s).matches();
  }

  static String list(Collection<String> items) {
    return String.join(", ", items);
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
