package io.c360.sample;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Valid, unique mobile numbers per country (canonical E.164) and the ways people write them.
 * A noisy spelling is only used when libphonenumber parses it back to the same number for the person's country.
 */
final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private final Map<Country, PhoneNumber> examples = new EnumMap<>(Country.class);
    private final Set<String> issued = new HashSet<>();

    PhoneNumbers() {
        for (Country c : Country.values()) {
            examples.put(c, UTIL.getExampleNumberForType(c.name(), PhoneNumberType.MOBILE));
        }
    }

    /** A new valid mobile number in E.164 that was not handed out before. */
    String newMobile(Country country, SplittableRandom r) {
        PhoneNumber example = examples.get(country);
        String nsn = UTIL.getNationalSignificantNumber(example);
        for (int attempt = 0; attempt < 100_000; attempt++) {
            int digits = Math.min(nsn.length() - 2, 4 + r.nextInt(3) + attempt / 1_000);
            StringBuilder b = new StringBuilder(nsn.substring(0, nsn.length() - digits));
            for (int i = 0; i < digits; i++) {
                b.append((char) ('0' + r.nextInt(10)));
            }
            PhoneNumber candidate = new PhoneNumber()
                    .setCountryCode(example.getCountryCode())
                    .setNationalNumber(Long.parseLong(b.toString()));
            if (UTIL.isValidNumber(candidate)) {
                String e164 = UTIL.format(candidate, PhoneNumberFormat.E164);
                if (issued.add(e164)) {
                    return e164;
                }
            }
        }
        throw new IllegalStateException("ran out of phone numbers for " + country);
    }

    /** The number as a person might type it: E.164, international, national, 00-prefixed, "(0)"-style. */
    static String noisy(String e164, Country country, SplittableRandom r) {
        PhoneNumber n = parse(e164, country);
        String international = UTIL.format(n, PhoneNumberFormat.INTERNATIONAL);
        String national = UTIL.format(n, PhoneNumberFormat.NATIONAL);
        String candidate = switch (r.nextInt(6)) {
            case 0 -> e164;
            case 1 -> international;
            case 2 -> national;
            case 3 -> country == Country.US ? "1-" + national : "00" + international.substring(1).replace(' ', '-');
            case 4 -> country == Country.US ? international.replace(' ', '.') : "(0)" + national.substring(1);
            default -> country == Country.US ? national : international.replaceFirst(" ", " (0)");
        };
        return e164.equals(canonical(candidate, country)) ? candidate : international;
    }

    /** E.164 of a typed number, or null when it is not a valid number for that country. */
    static String canonical(String typed, Country country) {
        try {
            PhoneNumber n = UTIL.parse(typed, country.name());
            return UTIL.isValidNumber(n) ? UTIL.format(n, PhoneNumberFormat.E164) : null;
        } catch (NumberParseException e) {
            return null;
        }
    }

    private static PhoneNumber parse(String e164, Country country) {
        try {
            return UTIL.parse(e164, country.name());
        } catch (NumberParseException e) {
            throw new IllegalArgumentException("not a phone number: " + e164, e);
        }
    }
}
