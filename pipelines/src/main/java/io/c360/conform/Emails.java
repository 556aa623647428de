package io.c360.conform;

import io.c360.config.EmailRules;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * E-mail addresses: trimmed, lower-cased, syntax-checked. Gmail dots and +tags are kept as written
 * unless {@link EmailRules} say otherwise. Internationalised addresses (RFC 6531: letters of any
 * script in the local part, an internationalised domain) are valid; the domain is kept in its
 * Unicode form, so {@code jöse@exämple.com} and {@code jöse@xn--exmple-cua.com} are one address.
 */
public final class Emails {
  private static final Pattern LOCAL = Pattern.compile("^[\\p{L}\\p{M}\\p{N}.!#$%&'*+/=?^_`{|}~-]+$");
  private static final Pattern ASCII_DOMAIN = Pattern.compile(
      "^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$");

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
    int at = v.lastIndexOf('@');
    if (v.length() > 254 || v.contains("..") || at <= 0 || !LOCAL.matcher(v.substring(0, at)).matches()) {
      return null;
    }
    String local = v.substring(0, at);
    String domain = domain(v.substring(at + 1));
    if (domain == null) {
      return null;
    }
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

  /** The domain in its Unicode form, lower-cased, or null when its ASCII (punycode) form is not a host name. */
  private static String domain(String domain) {
    String ascii;
    try {
      ascii = java.net.IDN.toASCII(domain, java.net.IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (ascii.length() > 253 || !ASCII_DOMAIN.matcher(ascii).matches()) {
      return null;
    }
    return java.net.IDN.toUnicode(ascii, java.net.IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
  }
}
