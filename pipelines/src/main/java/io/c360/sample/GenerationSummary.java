package io.c360.sample;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a run wrote. {@code recordsPerSource} counts data lines (no headers) per source folder, in source order;
 * duplicate web events count as lines, malformed web lines are counted apart under {@code web_events_malformed}.
 */
public record GenerationSummary(Map<String, Long> recordsPerSource, Map<String, Integer> filesPerSource, int persons) {
    /** The key of malformed lines written among the web events (in web_events' files, not in files of their own). */
    public static final String MALFORMED_WEB_EVENTS = Source.WEB_EVENTS_MALFORMED;

    public GenerationSummary {
        recordsPerSource = Collections.unmodifiableMap(new LinkedHashMap<>(recordsPerSource));
        filesPerSource = Collections.unmodifiableMap(new LinkedHashMap<>(filesPerSource));
    }
}
