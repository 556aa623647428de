package io.c360.sample;

import java.util.List;
import java.util.SplittableRandom;

/** The countries people live in, with what depends on the country: weight, currency, locale, spellings, mail domains. */
enum Country {
    GB(25, "GBP", "en-GB", List.of("GB", "UK", "United Kingdom", "great britain"),
            List.of("gmail.com", "example.com", "outlook.com", "yahoo.co.uk", "btinternet.com")),
    DE(25, "EUR", "de-DE", List.of("DE", "Germany", "Deutschland", "deutschland"),
            List.of("gmail.com", "example.com", "mail.de", "gmx.de", "web.de")),
    FR(15, "EUR", "fr-FR", List.of("FR", "France", "france", "République française"),
            List.of("gmail.com", "example.com", "orange.fr", "free.fr", "laposte.net")),
    US(25, "USD", "en-US", List.of("US", "USA", "United States", "united states of america"),
            List.of("gmail.com", "example.com", "yahoo.com", "outlook.com", "icloud.com")),
    NL(10, "EUR", "nl-NL", List.of("NL", "Netherlands", "Nederland", "the netherlands"),
            List.of("gmail.com", "example.com", "ziggo.nl", "kpnmail.nl", "hotmail.com"));

    private static final int TOTAL_WEIGHT = 100;

    final int weight;
    final String currency;
    final String locale;
    /** First entry is the ISO code; the others are the spellings people type. */
    final List<String> spellings;
    final List<String> mailDomains;

    Country(int weight, String currency, String locale, List<String> spellings, List<String> mailDomains) {
        this.weight = weight;
        this.currency = currency;
        this.locale = locale;
        this.spellings = spellings;
        this.mailDomains = mailDomains;
    }

    static Country pick(SplittableRandom r) {
        int roll = r.nextInt(TOTAL_WEIGHT);
        for (Country c : values()) {
            roll -= c.weight;
            if (roll < 0) {
                return c;
            }
        }
        throw new IllegalStateException("weights do not add up to " + TOTAL_WEIGHT);
    }
}
