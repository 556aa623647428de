package io.c360.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.c360.sample.GeneratorSettings;
import io.c360.sample.LandingGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A smoke test of the scaling run at the smallest size: every stage measured against its baseline,
 * rows reconciled with what was generated, the table printed and bench.json/bench.md written. No
 * time is asserted.
 */
class BenchCommandTest {
  @TempDir
  Path dir;

  @Test
  void scalingRunMeasuresEveryStageAndWritesTheResults() throws Exception {
    Path out = dir.resolve("bench");
    // The daily job up to identity, on three days: the last is the incremental run's new data.
    Path job = Path.of(getClass().getResource("/bench/identity-job.yaml").toURI());
    BenchTests.Run run = BenchTests.bench(BenchTests.args(dir.resolve("unused"), List.of("--scale", "0.04",
        "--sizes", "1", "--days", "3", "--no-warmup", "--job", job.toString(), "--out", out.toString())));

    assertThat(run.exit()).as(run.stdout()).isZero();
    var generated = new LandingGenerator(GeneratorSettings.of(10, 3, 42)).generate(dir.resolve("same-data"));
    long webEvents = generated.recordsPerSource().get("web_events") + generated.recordsPerSource().get("web_events_malformed");
    long allRecords = generated.recordsPerSource().values().stream().mapToLong(Long::longValue).sum();

    JsonNode results = new ObjectMapper().readTree(Files.readString(out.resolve("bench.json")));
    List<String> stages = new ArrayList<>();
    results.forEach(r -> stages.add(r.get("stage").asText() + " vs " + r.get("baseline").asText()));
    assertThat(stages).containsExactly("ingest vs plain spark.read.json -> delta", "daily-incremental vs full refresh",
        "identity vs label propagation (Spark SQL)", "identity vs GraphX connectedComponents",
        "erasure vs full-table rewrite");
    for (JsonNode r : results) {
      assertThat(r.get("size").asText()).isEqualTo("s1");
      assertThat(r.get("rows").asLong()).as(r.toString()).isPositive();
      assertThat(r.get("seconds").asDouble()).isPositive();
      assertThat(r.get("baseline_seconds").asDouble()).isPositive();
      assertThat(r.get("ratio").asDouble()).as(r.toString())
          .isCloseTo(r.get("seconds").asDouble() / r.get("baseline_seconds").asDouble(), within(0.01));
    }
    assertThat(results.get(0).get("rows").asLong()).as("every web event line, the malformed ones too")
        .isEqualTo(webEvents);
    assertThat(results.get(0).get("peak_memory_bytes").asLong()).isPositive();
    // The last of three days: some of the records, not all of them.
    assertThat(results.get(1).get("rows").asLong()).isLessThan(allRecords / 2);
    assertThat(run.stdout())
        .contains("s1: ingest " + String.format(java.util.Locale.ROOT, "%,d", webEvents) + " web events")
        .contains("stage", "rows/s", "peak heap", "ratio")
        .contains("daily-incremental at s1: ")
        .containsPattern("s1:   identity +[0-9.]+ +[0-9.]+  (merged|rebuilt)\\n")
        .containsPattern("s1:   silver_events +[0-9.]+ +[0-9.]+  merged\\n")
        .contains("erasure vs full-table rewrite: growth not measured (one size)")
        .contains("written: " + out.toAbsolutePath().resolve("bench.json"));
    assertThat(Files.readString(out.resolve("bench.md"))).startsWith("| stage | size | rows |")
        .contains("| erasure | s1 |").contains("- daily-incremental at s1: ");
    assertThat(out.resolve("scratch-s1")).doesNotExist();
    assertThat(out.resolve("data/landing-10x3-42/web_events")).isDirectory();
  }
}
