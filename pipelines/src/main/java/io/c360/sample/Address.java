package io.c360.sample;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** A postal address, made up in the style of its country. */
record Address(String street, String city, String postalCode) {

    private static final String LETTERS = "ABDEFGHJLNPQRSTUWXYZ";

    static Address random(Country country, SplittableRandom r) {
        int house = 1 + r.nextInt(180);
        int city = r.nextInt(5);
        return switch (country) {
            case GB -> new Address(house + " " + Names.pick(List.of("High Street", "Station Road", "Church Lane", "Victoria Road", "Mill Lane"), r),
                    List.of("London", "Manchester", "Bristol", "Leeds", "Edinburgh").get(city),
                    List.of("SW1A", "M1", "BS1", "LS1", "EH1").get(city) + " " + r.nextInt(10) + letter(r) + letter(r));
            case DE -> new Address(Names.pick(List.of("Hauptstraße", "Schillerstraße", "Goethestraße", "Bahnhofstraße", "Gartenweg"), r) + " " + house,
                    List.of("Berlin", "München", "Hamburg", "Köln", "Frankfurt am Main").get(city),
                    String.valueOf(List.of(10115, 80331, 20095, 50667, 60311).get(city) + r.nextInt(80)));
            case FR -> new Address(house + ", " + Names.pick(List.of("rue de la Paix", "avenue des Champs-Élysées", "boulevard Saint-Michel", "rue Victor Hugo", "place Bellecour"), r),
                    List.of("Paris", "Lyon", "Marseille", "Toulouse", "Lille").get(city),
                    String.format(Locale.ROOT, "%05d", List.of(75001, 69001, 13001, 31000, 59000).get(city) + r.nextInt(20)));
            case US -> new Address(house * 10 + " " + Names.pick(List.of("Main St", "Oak Ave", "Maple Dr", "5th Ave", "Elm St"), r)
                    + (r.nextInt(3) == 0 ? ", Apt " + (1 + r.nextInt(40)) : ""),
                    List.of("New York", "San Francisco", "Chicago", "Austin", "Seattle").get(city),
                    String.format(Locale.ROOT, "%05d", List.of(10001, 94103, 60601, 73301, 98101).get(city) + r.nextInt(30)));
            case NL -> new Address(Names.pick(List.of("Keizersgracht", "Damrak", "Oudegracht", "Lange Voorhout", "Stratumseind"), r) + " " + house,
                    List.of("Amsterdam", "Rotterdam", "Utrecht", "Den Haag", "Eindhoven").get(city),
                    List.of(1012, 3011, 3511, 2511, 5611).get(city) + r.nextInt(9) + " " + letter(r) + letter(r));
        };
    }

    private static char letter(SplittableRandom r) {
        return LETTERS.charAt(r.nextInt(LETTERS.length()));
    }
}
