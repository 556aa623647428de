package io.c360.sample;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Writes the day files of every source (LF endings, UTF-8, gzip for web events), tells ground truth, counts. */
final class LandingFiles {

    private final Path outDir;
    private final GroundTruth truth;
    private final Map<String, Long> records = new LinkedHashMap<>();
    private final Map<String, Integer> files = new LinkedHashMap<>();

    LandingFiles(Path outDir, GroundTruth truth) {
        this.outDir = outDir;
        this.truth = truth;
        for (Source s : Source.values()) {
            records.put(s.folder, 0L);
            if (s == Source.WEB_EVENTS) {
                records.put(Source.WEB_EVENTS_MALFORMED, 0L);
            }
            files.put(s.folder, 0);
        }
    }

    /** One file for the day, written even when there are no lines (then it holds just the header, if any). */
    void writeDay(Source source, String date, List<OutputLine> lines) throws IOException {
        write(source, source.file(outDir, date, 1), lines);
        records.merge(source.folder, (long) lines.size(), Long::sum);
    }

    /** The day's web events, already split into parts; {@code malformed} of the lines are not JSON objects. */
    void writeWebDay(String date, List<List<OutputLine>> parts, long malformed) throws IOException {
        long total = 0;
        for (int i = 0; i < parts.size(); i++) {
            write(Source.WEB_EVENTS, Source.WEB_EVENTS.file(outDir, date, i + 1), parts.get(i));
            total += parts.get(i).size();
        }
        records.merge(Source.WEB_EVENTS.folder, total - malformed, Long::sum);
        records.merge(Source.WEB_EVENTS_MALFORMED, malformed, Long::sum);
    }

    private void write(Source source, Path file, List<OutputLine> lines) throws IOException {
        Files.createDirectories(file.getParent());
        boolean gzip = file.getFileName().toString().endsWith(".gz");
        try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
             OutputStream out = gzip ? new GZIPOutputStream(raw, 1 << 16) : raw) {
            if (source.header != null) {
                out.write(source.header.getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
            for (OutputLine line : lines) {
                out.write(line.bytes());
                out.write('\n');
                truth.accept(source, line);
            }
        }
        files.merge(source.folder, 1, Integer::sum);
    }

    GenerationSummary summary(int persons) {
        return new GenerationSummary(records, files, persons);
    }
}
