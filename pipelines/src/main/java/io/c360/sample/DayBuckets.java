package io.c360.sample;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Lines of one source waiting for the day they land on; lines for days after the run are dropped. */
final class DayBuckets {

    private final List<List<OutputLine>> days = new ArrayList<>();

    DayBuckets(int dayCount) {
        for (int i = 0; i < dayCount; i++) {
            days.add(new ArrayList<>());
        }
    }

    /** @return false when the day is past the end of the run (the line never lands) */
    boolean add(int day, OutputLine line) {
        if (day >= days.size()) {
            return false;
        }
        days.get(day).add(line);
        return true;
    }

    /** The day's lines ordered by time (stable, so equal times keep generation order); the bucket is emptied. */
    List<OutputLine> take(int day) {
        List<OutputLine> lines = days.get(day);
        days.set(day, new ArrayList<>());
        lines.sort(Comparator.comparingLong(OutputLine::at));
        return lines;
    }
}
