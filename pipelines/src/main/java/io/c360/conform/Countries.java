package io.c360.conform;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Country names and codes to ISO 3166-1 alpha-2, from English and local names. */
public final class Countries {
  private static final Map<String, String> BY_NAME = new HashMap<>();

  static {
    java.util.Set<String> languages = new java.util.TreeSet<>();
    for (Locale l : Locale.getAvailableLocales()) {
      if (!l.getLanguage().isEmpty()) {
        languages.add(l.getLanguage());
      }
    }
    for (String code : Locale.getISOCountries()) {
      Locale country = new Locale("", code);
      for (String language : languages) {
        BY_NAME.putIfAbsent(key(country.getDisplayCountry(new Locale(language))), code);
      }
      BY_NAME.put(key(country.getISO3Country()), code);
      BY_NAME.put(key(country.getDisplayCountry(Locale.ENGLISH)), code);
      BY_NAME.put(key(code), code);
    }
    BY_NAME.put(key("UK"), "GB");
    BY_NAME.put(key("United Kingdom"), "GB");
    BY_NAME.put(key("Great Britain"), "GB");
    BY_NAME.put(key("England"), "GB");
    BY_NAME.put(key("USA"), "US");
    BY_NAME.put(key("United States of America"), "US");
    BY_NAME.put(key("Holland"), "NL");
  }

  private Countries() {}

  /** The alpha-2 code, or null when the value names no country. */
  public static String normalize(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    return BY_NAME.get(key(raw));
  }

  private static String key(String s) {
    String n = Normalizer.normalize(s.strip(), Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
    return n.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
  }
}
