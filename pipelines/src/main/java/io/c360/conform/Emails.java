package io.c360.conform;

import io.c360.config.EmailRules;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * E-mail addresses: trimmed, lower-cased, syntax-checked. Gmail dots and +tags are kept as written
 * unless {@link EmailRules} say otherwise.
 */
public final class Emails {
  private static final Pattern SYNTAX = Pattern.compile(
      "^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$");

  private Emails() {}

  private static final java.util.Set<String> GMAIL = java.util.Set.of("gmail.com", "googlemail.com");

  /** The normalised address, or null when the value is not a syntactically valid address. */
  public static String normalize(String raw) {
    return normalize(raw, EmailRules.AS_WRITTEN);
  }

  /** The normalised address by {@code rules}, or null when the value is not a syntactically valid address. */
  public static String normalize(String raw, EmailRules rules) {
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
    int at = v.lastIndexOf('@');
    String local = v.substring(0, at);
    String domain = v.substring(at + 1);
    int plus = local.indexOf('+');
    if (rules.removePlusTags() && plus > 0) {
      local = local.substring(0, plus);
    }
    if (rules.removeGmailDots() && GMAIL.contains(domain)) {
      local = local.replace(".", "");
      domain = "gmail.com";
    }
    return local.isEmpty() ? null : local + "@" + domain;
  }
}
