package io.c360.conform;

/** Normalises an identifier value by its type; null when the value cannot identify anyone. */
public final class Identifiers {
  private Identifiers() {}

  public static String normalize(String type, String raw, String phoneRegion) {
    return normalize(type, raw, phoneRegion, io.c360.config.EmailRules.AS_WRITTEN);
  }

  public static String normalize(String type, String raw, String phoneRegion, io.c360.config.EmailRules email) {
    if (raw == null) {
      return null;
    }
    String v = switch (type) {
      case "email" -> Emails.normalize(raw, email);
      case "phone" -> Phones.normalize(raw, phoneRegion);
      default -> raw.strip();
    };
    return v == null || v.isEmpty() ? null : v;
  }
}
