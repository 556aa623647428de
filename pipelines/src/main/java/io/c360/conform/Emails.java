package io.c360.conform;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** E-mail addresses: trimmed, lower-cased, syntax-checked. Gmail dots and +tags are kept as written. */
public final class Emails {
  private static final Pattern SYNTAX = Pattern.compile(
      "^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$");

  private Emails() {}

  /** The normalised address, or null when the value is not a syntactically valid address. */
  public static String normalize(String raw) {
    if (raw == null) {
      return null;
    }
    String v = Normalizer.normalize(raw, Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
    if (v.startsWith("mailto:")) {
      v = v.substring("mailto:".length());
    }
    if (v.length() > 254 || v.contains("..") || !SYNTAX.matcher(v).matches()) {
      return null;
    }
    return v;
  }
}
