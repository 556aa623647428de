package io.c360.conform;

import java.text.Normalizer;

/** Personal names: NFKC, trimmed, inner spaces collapsed, each word capitalised. */
public final class Names {
  private Names() {}

  public static String normalize(String raw) {
    if (raw == null) {
      return null;
    }
    String v = Normalizer.normalize(raw, Normalizer.Form.NFKC).strip().replaceAll("\\s+", " ");
    if (v.isEmpty()) {
      return null;
    }
    StringBuilder out = new StringBuilder(v.length());
    boolean start = true;
    for (int i = 0; i < v.length(); ) {
      int cp = v.codePointAt(i);
      out.appendCodePoint(start ? Character.toTitleCase(cp) : Character.toLowerCase(cp));
      start = cp == ' ' || cp == '-' || cp == '\'';
      i += Character.charCount(cp);
    }
    return out.toString();
  }
}
