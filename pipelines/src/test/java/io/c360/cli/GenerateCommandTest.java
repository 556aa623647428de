package io.c360.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.c360.sample.GenerationSummary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What `c360 generate` (and the demo) prints about the files it wrote. */
class GenerateCommandTest {
  @Test
  void malformedWebEventsReadAsLinesInTheWebEventsFilesNotAsASourceWithoutFiles() {
    Map<String, Long> records = new LinkedHashMap<>();
    records.put("web_events", 1200L);
    records.put(GenerationSummary.MALFORMED_WEB_EVENTS, 19L);
    records.put("crm", 300L);
    GenerationSummary summary = new GenerationSummary(records, Map.of("web_events", 14, "crm", 1), 300);

    PrintStream stdout = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
      GenerateCommand.print(summary, Path.of("landing"));
    } finally {
      System.setOut(stdout);
    }

    assertThat(bytes.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
        "generated 300 people into landing:",
        "  web_events                    1,200 records in 14 files",
        "    + malformed web events         19 lines more in web_events' files, malformed on purpose (ingest"
            + " quarantines them)",
        "  crm                             300 records in 1 file");
  }
}
