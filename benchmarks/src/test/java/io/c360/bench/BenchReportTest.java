package io.c360.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {
  private static final List<StageResult> RESULTS = List.of(
      new StageResult("ingest", "s1", 100_000, 4.0, OptionalLong.of(512L << 20), "plain json -> delta", 5.0),
      new StageResult("ingest", "s2", 400_000, 12.0, OptionalLong.empty(), "plain json -> delta", 16.0),
      new StageResult("identity", "s1", 50_000, 3.0, OptionalLong.empty(), "label propagation", 2.0),
      new StageResult("identity", "s2", 200_000, 24.0, OptionalLong.empty(), "label propagation", 30.0));

  @TempDir
  Path dir;

  @Test
  void jsonHoldsOneObjectPerStageAndSizeWithTheRatio() throws Exception {
    new BenchReport(RESULTS).write(dir);
    JsonNode list = new ObjectMapper().readTree(Files.readString(dir.resolve("bench.json")));
    assertThat(list).hasSize(4);
    JsonNode first = list.get(0);
    assertThat(first.get("stage").asText()).isEqualTo("ingest");
    assertThat(first.get("rows").asLong()).isEqualTo(100_000);
    assertThat(first.get("seconds").asDouble()).isEqualTo(4.0);
    assertThat(first.get("baseline").asText()).isEqualTo("plain json -> delta");
    assertThat(first.get("baseline_seconds").asDouble()).isEqualTo(5.0);
    assertThat(first.get("ratio").asDouble()).isEqualTo(0.8);
    assertThat(first.get("peak_memory_bytes").asLong()).isEqualTo(512L << 20);
    assertThat(list.get(1).get("peak_memory_bytes").isNull()).isTrue();
    assertThat(Files.readString(dir.resolve("bench.md")))
        .startsWith("| stage | size | rows | seconds | rows/s | peak heap | baseline | baseline s | ratio |\n")
        .contains("| ingest | s1 | 100,000 | 4.0 | 25,000 | 512 MB | plain json -> delta | 5.0 | 0.80x |");
  }

  @Test
  void tableAlignsColumns() {
    List<String> lines = new BenchReport(RESULTS).table().lines().toList();
    assertThat(lines).hasSize(5);
    assertThat(lines.stream().map(String::length).distinct()).hasSize(1);
    assertThat(lines.get(3)).startsWith("identity  s1").endsWith("1.50x");
  }

  @Test
  void growthIsTheExponentBetweenSmallestAndLargestSize() {
    List<Growth.Stage> growth = Growth.of(RESULTS);
    assertThat(growth).extracting(Growth.Stage::stage).containsExactly("ingest", "identity");
    // 4x the rows: 3x the time is k = log 3 / log 4 = 0.79; 8x is k = 1.5
    assertThat(growth.get(0).exponent()).isCloseTo(0.792, org.assertj.core.data.Offset.offset(0.001));
    assertThat(growth.get(0).aboutLinear()).isTrue();
    assertThat(growth.get(0).aheadEverywhere()).isTrue();
    assertThat(growth.get(1).exponent()).isCloseTo(1.5, org.assertj.core.data.Offset.offset(0.001));
    assertThat(growth.get(1).aboutLinear()).isFalse();
    assertThat(growth.get(1).aheadEverywhere()).isFalse();
    assertThat(growth.get(1).describe())
        .isEqualTo("identity vs label propagation: time ~ rows^1.50 (worse than linear), behind it at some size");
  }

  @Test
  void verdictsNameEachTargetMetOrMissed() {
    List<StageResult> results = new java.util.ArrayList<>(RESULTS);
    results.add(new StageResult("daily-incremental", "s1", 1_000, 9.0, OptionalLong.empty(), "full refresh", 100.0));
    results.add(new StageResult("daily-incremental", "s2", 4_000, 30.0, OptionalLong.empty(), "full refresh", 150.0));
    results.add(new StageResult("erasure", "s1", 40, 5.0, OptionalLong.empty(), "full-table rewrite", 10.0));

    assertThat(new BenchReport(results).verdicts()).containsExactly(
        "ingest vs plain json -> delta: time ~ rows^0.79 (about linear or better), ahead of it at every size",
        "identity vs label propagation: time ~ rows^1.50 (worse than linear), behind it at some size",
        "erasure vs full-table rewrite: growth not measured (one size), ahead of it at every size",
        "daily-incremental at s1: 9% of a full refresh's time (target at most 15%: met)",
        "daily-incremental at s2: 20% of a full refresh's time (target at most 15%: missed)");
  }

  @Test
  void refusesATimeOfZero() {
    assertThatThrownBy(() -> new StageResult("ingest", "s1", 1, 0.0, OptionalLong.empty(), "b", 1.0))
        .hasMessage("ingest at s1: times must be positive (0.0, 1.0)");
  }
}
