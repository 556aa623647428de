package io.c360.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.c360.config.Project;
import io.c360.lake.Lakehouse;
import io.c360.sample.GeneratorSettings;
import io.c360.sample.LandingGenerator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A smoke test of the ingest benchmark: both methods load the same lines; no timing is asserted. */
class IngestBenchmarkTest {
  @TempDir
  Path dir;

  @Test
  void bothMethodsLoadTheSameEventsAndTheTableIsPrinted() throws Exception {
    Path landing = dir.resolve("landing");
    var summary = new LandingGenerator(GeneratorSettings.of(40, 1, 3L)).generate(landing);
    Lakehouse lake = BenchTests.open(dir);
    var source = Project.load(BenchTests.conf()).source("web_events");

    List<IngestBenchmark.Measurement> results = new IngestBenchmark(lake, source).run(1, dir.resolve("scratch").toString());

    long lines = summary.recordsPerSource().get("web_events") + summary.recordsPerSource().get("web_events_malformed");
    assertThat(results).extracting(IngestBenchmark.Measurement::method)
        .containsExactly("plain spark.read.json -> delta", "c360 ingest step");
    assertThat(results.get(1).rows()).isEqualTo(lines);
    // The plain copy keeps malformed lines too (as _corrupt_record rows): the same lines either way.
    assertThat(results.get(0).rows()).isEqualTo(lines);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    IngestBenchmark.print(results, new PrintStream(printed, true, StandardCharsets.UTF_8));
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("vs plain").contains("1.00x");
  }
}
