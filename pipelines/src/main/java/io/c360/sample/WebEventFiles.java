package io.c360.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Turns a day of web events into 1..n gzip files of at most {@value #MAX_LINES_PER_FILE} lines, after slipping in
 * a few malformed lines (about {@value #MALFORMED_RATE} of all events, at least one once a run passes 1,000 events):
 * a truncated event, binary garbage that is not UTF-8, or a JSON array instead of an object.
 */
final class WebEventFiles {

    static final int MAX_LINES_PER_FILE = 5_000;
    static final double MALFORMED_RATE = 0.0005;

    private final SplittableRandom r;
    private long eventsSoFar;
    private long malformedSoFar;

    WebEventFiles(SplittableRandom r) {
        this.r = r;
    }

    void write(String date, List<OutputLine> events, LandingFiles files) throws IOException {
        eventsSoFar += events.size();
        long target = eventsSoFar > 1_000 ? Math.max(1, Math.round(eventsSoFar * MALFORMED_RATE)) : 0;
        int malformed = (int) (target - malformedSoFar);
        malformedSoFar = target;
        List<OutputLine> lines = new ArrayList<>(events);
        for (int i = 0; i < malformed; i++) {
            lines.add(r.nextInt(lines.size() + 1), malformedLine(events));
        }
        int parts = Math.max((lines.size() + MAX_LINES_PER_FILE - 1) / MAX_LINES_PER_FILE, 1 + r.nextInt(3));
        parts = Math.max(1, Math.min(parts, lines.size()));
        List<List<OutputLine>> chunks = new ArrayList<>(parts);
        for (int i = 0; i < parts; i++) {
            chunks.add(lines.subList(i * lines.size() / parts, (i + 1) * lines.size() / parts));
        }
        files.writeWebDay(date, chunks, malformed);
    }

    private OutputLine malformedLine(List<OutputLine> events) {
        int kind = events.isEmpty() ? 1 : r.nextInt(3);
        byte[] bytes = switch (kind) {
            case 0 -> {
                byte[] event = events.get(r.nextInt(events.size())).bytes();
                yield Arrays.copyOf(event, event.length / 3 + r.nextInt(event.length / 3));
            }
            case 1 -> garbage();
            default -> ("[\"analytics.js\",\"5.2.1\",{\"batch\":" + r.nextInt(1000) + "},null]")
                    .getBytes(StandardCharsets.UTF_8);
        };
        return new OutputLine(0, bytes, null, null, List.of());
    }

    /** Starts with 0xFF (never valid UTF-8); never contains CR or LF. */
    private byte[] garbage() {
        byte[] bytes = new byte[16 + r.nextInt(64)];
        bytes[0] = (byte) 0xFF;
        for (int i = 1; i < bytes.length; i++) {
            int b;
            do {
                b = r.nextInt(256);
            } while (b == '\n' || b == '\r');
            bytes[i] = (byte) b;
        }
        return bytes;
    }
}
