package io.c360.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A smoke test of {@code bench erasure} at the smallest size: the lakehouse built once and reused,
 * the same people erased from both copies by c360 and by the baseline. A class of its own so that
 * it runs beside the scaling run's smoke test, in the other test JVM. No time is asserted.
 */
class ErasureBenchCommandTest {
  @TempDir
  Path dir;

  @Test
  void erasureBuildsTheLakehouseOnceThenReusesItAndErasesTheSamePeopleFromBothCopies() throws Exception {
    Path out = dir.resolve("erasure-bench");
    Path job = Path.of(getClass().getResource("/bench/identity-job.yaml").toURI());
    List<String> args = BenchTests.args(dir.resolve("unused"), List.of("erasure", "--customers", "10", "--days", "2",
        "--people", "2", "--job", job.toString(), "--out", out.toString()));
    Path built = out.resolve("built-10x2-42-identity-job");

    BenchTests.Run first = BenchTests.bench(args);
    assertThat(first.exit()).as(first.stdout()).isZero();
    assertThat(first.stdout()).contains("building the lakehouse with " + job + " into " + built)
        .doesNotContain("reusing");
    assertThat(built.resolve("lake")).isDirectory();
    assertThat(built.resolve("landing/web_events")).isDirectory();

    BenchTests.Run second = BenchTests.bench(args);
    assertThat(second.exit()).as(second.stdout()).isZero();
    assertThat(second.stdout()).contains("reusing the lakehouse built before in " + built)
        .doesNotContain("building");

    for (String stdout : List.of(first.stdout(), second.stdout())) {
      assertThat(stdout).containsPattern("c360: erasing 2 people \\([0-9,]+ rows in [0-9]+ of [0-9]+ data files\\)")
          .containsPattern("c360: [1-9][0-9]* landing and export files rewritten or deleted")
          .doesNotContain("failed verification")
          .containsPattern("\\nc360 +2 +[0-9,]+ .*plan [0-9.]+ .*verify [0-9.]+")
          .containsPattern("\\nbaseline +2 +[0-9,]+ .*delete [0-9.]+ +purge [0-9.]+")
          .contains("c360 / baseline: ");
      // Both copies held the same rows: the two lines' rows column is the same.
      assertThat(rowsOf(stdout, "c360")).isPositive().isEqualTo(rowsOf(stdout, "baseline"));
    }
    // The first run erased copies: the kept lakehouse still holds the people, all their rows.
    assertThat(rowsOf(second.stdout(), "c360")).as("the same people from the same built lakehouse")
        .isEqualTo(rowsOf(first.stdout(), "c360"));
    assertThat(out.resolve("scratch")).doesNotExist();
  }

  /** The rows column of a method's line in the erasure table. */
  private static long rowsOf(String stdout, String method) {
    return stdout.lines().filter(l -> l.matches(method + " +[0-9].*")).map(l -> l.trim().split(" +"))
        .map(cells -> Long.parseLong(cells[2].replace(",", ""))).findFirst().orElseThrow();
  }
}
