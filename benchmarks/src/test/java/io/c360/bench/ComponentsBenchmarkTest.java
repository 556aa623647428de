package io.c360.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's smoke test: three algorithms, one partition, a table printed. No timing asserted. */
class ComponentsBenchmarkTest {
  @TempDir
  Path dir;

  @Test
  void theThreeAlgorithmsAgreeOnASmallGraphAndTheTableIsPrinted() {
    var spark = BenchTests.open(dir).spark();
    ComponentsBenchmark bench = new ComponentsBenchmark(spark);
    List<ComponentsBenchmark.Measurement> results = bench.measure(bench.graph(3_000, 7).localCheckpoint(true));

    assertThat(results).extracting(ComponentsBenchmark.Measurement::algorithm).containsExactly(
        "c360 large-star/small-star", "label propagation (Spark SQL)", "GraphX connectedComponents");
    ComponentsBenchmark.Measurement c360 = results.get(0);
    assertThat(c360.edges()).isBetween(2_900L, 3_100L);
    // Trees: every component has one node more than edges.
    assertThat(c360.nodes() - c360.components()).isEqualTo(c360.edges());
    // The chains of 21 identifiers take label propagation about 20 rounds; large-star/small-star far fewer.
    assertThat(results.get(1).rounds()).isGreaterThanOrEqualTo(10);
    assertThat(c360.rounds()).isLessThan(results.get(1).rounds());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ComponentsBenchmark.print(results, new PrintStream(out, true, StandardCharsets.UTF_8));
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("GraphX connectedComponents").contains("1.00x");
  }

  @Test
  void theMedianOfRoundsIsTakenPerAlgorithm() {
    List<ComponentsBenchmark.Measurement> median = ComponentsBenchmark.median(List.of(
        List.of(m("c360", 3.0), m("graphx", 1.0)),
        List.of(m("c360", 1.0), m("graphx", 9.0)),
        List.of(m("c360", 2.0), m("graphx", 2.0))));

    assertThat(median).extracting(ComponentsBenchmark.Measurement::algorithm).containsExactly("c360", "graphx");
    assertThat(median).extracting(ComponentsBenchmark.Measurement::seconds).containsExactly(2.0, 2.0);
    assertThat(ComponentsBenchmark.median(List.of(List.of(m("c360", 4.0)), List.of(m("c360", 1.0)))))
        .extracting(ComponentsBenchmark.Measurement::seconds).containsExactly(1.0);
  }

  private static ComponentsBenchmark.Measurement m(String algorithm, double seconds) {
    return new ComponentsBenchmark.Measurement(10, 12, 2, algorithm, seconds, 1);
  }
}
