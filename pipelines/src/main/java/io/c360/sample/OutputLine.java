package io.c360.sample;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One line of a landing file (without the line feed) plus what ground truth learns from it.
 *
 * @param at        when the line happened (epoch millis), used to order a day's file
 * @param recordKey the record's key for ground_truth/records.csv, or null (re-exports, duplicates, items, malformed)
 * @param personId  owner of the record, or null
 * @param ids       identifiers the line carries
 */
record OutputLine(long at, byte[] bytes, String recordKey, String personId, List<IdFact> ids) {

    static OutputLine text(long at, String text, String recordKey, String personId, List<IdFact> ids) {
        return new OutputLine(at, text.getBytes(StandardCharsets.UTF_8), recordKey, personId, List.copyOf(ids));
    }

    /** The same bytes at another time, carrying no ground truth (it was already told by the original). */
    OutputLine repeatedAt(long when) {
        return new OutputLine(when, bytes, null, null, List.of());
    }
}
