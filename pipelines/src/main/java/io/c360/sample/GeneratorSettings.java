package io.c360.sample;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What to generate: how many people, over how many days, from which seed, starting on which (UTC) day.
 */
public record GeneratorSettings(int customers, int days, long seed, LocalDate startDate) {

    /** First landing day when none is given. */
    public static final LocalDate DEFAULT_START_DATE = LocalDate.of(2026, 10, 1);

    public GeneratorSettings {
        if (customers < 1) {
            throw new IllegalArgumentException("customers must be >= 1, was " + customers);
        }
        if (days < 1) {
            throw new IllegalArgumentException("days must be >= 1, was " + days);
        }
        Objects.requireNonNull(startDate, "startDate");
    }

    public static GeneratorSettings of(int customers, int days, long seed) {
        return new GeneratorSettings(customers, days, seed, DEFAULT_START_DATE);
    }
}
