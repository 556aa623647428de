package io.c360.sample;

import java.text.Normalizer;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/** First and last names per country, and how a name becomes the ASCII local part of an e-mail address. */
final class Names {

    private static final Map<Country, List<String>> FIRST = new EnumMap<>(Country.class);
    private static final Map<Country, List<String>> LAST = new EnumMap<>(Country.class);

    static {
        FIRST.put(Country.GB, List.of("Oliver", "Amelia", "Zoë", "Harry", "Isla", "George", "Siobhán", "Jack", "Emily", "Noah", "Chloé", "Łukasz"));
        LAST.put(Country.GB, List.of("Smith", "Jones", "O'Brien", "Taylor", "Brown", "Williams", "Davies", "Evans", "Wilson", "Thomas", "Nowak"));
        FIRST.put(Country.DE, List.of("Jürgen", "Anna", "Lukas", "Sophie", "Jörg", "Leonie", "Maximilian", "Zoë", "Felix", "Hannah", "Łukasz", "Björn"));
        LAST.put(Country.DE, List.of("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schäfer", "Koch", "Kowalski"));
        FIRST.put(Country.FR, List.of("Chloé", "Louis", "Noémie", "François", "Anaïs", "Hugo", "Léa", "José", "Camille", "Gabriel", "Zoë"));
        LAST.put(Country.FR, List.of("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Lefèvre", "Moreau", "Müller"));
        FIRST.put(Country.US, List.of("James", "Olivia", "José", "Emma", "Liam", "Ava", "Zoë", "Michael", "Sofía", "Ethan", "Renée", "Mia"));
        LAST.put(Country.US, List.of("Smith", "Johnson", "Williams", "Brown", "Jones", "García", "Miller", "Davis", "Rodríguez", "Martínez", "O'Neil"));
        FIRST.put(Country.NL, List.of("Daan", "Emma", "Sem", "Julia", "Lucas", "Tess", "Bram", "Zoë", "Jesse", "Fenna", "Łukasz"));
        LAST.put(Country.NL, List.of("de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "Meijer"));
    }

    private Names() {
    }

    static String firstName(Country c, SplittableRandom r) {
        return pick(FIRST.get(c), r);
    }

    static String lastName(Country c, SplittableRandom r) {
        return pick(LAST.get(c), r);
    }

    /** "Zoë" -> "zoe", "van den Berg" -> "vandenberg", "Łukasz" -> "lukasz", "O'Brien" -> "obrien". */
    static String asciiFold(String name) {
        String replaced = name.replace("Ł", "L").replace("ł", "l").replace("ß", "ss").replace("Ø", "O").replace("ø", "o");
        String decomposed = Normalizer.normalize(replaced, Normalizer.Form.NFD);
        return decomposed.replaceAll("\\p{M}", "");
    }

    static String emailLocalPart(String first, String last) {
        return (asciiFold(first) + "." + asciiFold(last)).toLowerCase(Locale.ROOT).replaceAll("[^a-z.]", "");
    }

    static <T> T pick(List<T> values, SplittableRandom r) {
        return values.get(r.nextInt(values.size()));
    }
}
