package io.c360.sample;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** The small ways real data is dirty: e-mail spelling, name typos, junk placeholder values. */
final class Noise {

    static final List<String> JUNK_EMAILS = List.of("test@test.com", "N/A", "null");
    static final List<String> JUNK_PHONES = List.of("0000000000", "N/A", "null");

    private Noise() {
    }

    /** Canonical form of an e-mail address: trimmed and lower-case. */
    static String canonicalEmail(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    /** With the given probability, the address with different case and/or surrounding spaces. */
    static String email(String email, double rate, SplittableRandom r) {
        return r.nextDouble() < rate ? messUp(email, r) : email;
    }

    /** Always a different spelling that canonicalises to the same address. */
    static String messUp(String email, SplittableRandom r) {
        String variant = switch (r.nextInt(4)) {
            case 0 -> email.toUpperCase(Locale.ROOT);
            case 1 -> Character.toUpperCase(email.charAt(0)) + email.substring(1);
            case 2 -> " " + email + " ";
            default -> {
                int at = email.indexOf('@');
                yield Character.toUpperCase(email.charAt(0)) + email.substring(1, at) + email.substring(at).toUpperCase(Locale.ROOT);
            }
        };
        return variant.equals(email) ? email + " " : variant;
    }

    /** With the given probability, a typo (swap, drop, double a letter, lost accents, upper case). */
    static String name(String name, double rate, SplittableRandom r) {
        return r.nextDouble() < rate ? typo(name, r) : name;
    }

    static String typo(String name, SplittableRandom r) {
        if (name.length() < 3) {
            return name.toUpperCase(Locale.ROOT);
        }
        int i = 1 + r.nextInt(name.length() - 2);
        String variant = switch (r.nextInt(5)) {
            case 0 -> name.substring(0, i) + name.charAt(i + 1) + name.charAt(i) + name.substring(i + 2);
            case 1 -> name.substring(0, i) + name.substring(i + 1);
            case 2 -> name.substring(0, i + 1) + name.substring(i);
            case 3 -> Names.asciiFold(name);
            default -> name.toUpperCase(Locale.ROOT);
        };
        return variant.equals(name) ? name.substring(0, name.length() - 1) : variant;
    }
}
