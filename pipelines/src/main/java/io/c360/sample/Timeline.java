package io.c360.sample;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Maps day numbers of a run to UTC instants and formats them; the only source of time (never the clock). */
final class Timeline {

    static final long SECOND = 1_000L;
    static final long MINUTE = 60 * SECOND;
    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;

    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final LocalDate start;
    private final long startMillis;

    Timeline(LocalDate start) {
        this.start = start;
        this.startMillis = start.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    long dayStart(int day) {
        return startMillis + day * DAY;
    }

    /** Last millisecond of the day. */
    long dayEnd(int day) {
        return dayStart(day + 1) - 1;
    }

    /** Day number of an instant (may be past the last day of the run). */
    int dayOf(long epochMillis) {
        return (int) Math.floorDiv(epochMillis - startMillis, DAY);
    }

    String date(int day) {
        return start.plusDays(day).toString();
    }

    static String iso(long epochMillis) {
        return ISO_MILLIS.format(Instant.ofEpochMilli(epochMillis));
    }
}
