package io.c360.conform;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;

/** Phone numbers to E.164 with libphonenumber; a number without a country prefix takes the given region. */
public final class Phones {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  private Phones() {}

  /** The E.164 form, or null when the value is not a valid number for the region. */
  public static String normalize(String raw, String defaultRegion) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    String region = defaultRegion == null || defaultRegion.isBlank() ? "ZZ" : defaultRegion.toUpperCase(Locale.ROOT);
    String text = raw.strip().replace("(0)", "");
    if (text.startsWith("00")) {
      text = "+" + text.substring(2);
    }
    try {
      PhoneNumber number = UTIL.parse(text, region);
      if (!UTIL.isValidNumber(number)) {
        return null;
      }
      return UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
    } catch (NumberParseException e) {
      return null;
    }
  }
}
