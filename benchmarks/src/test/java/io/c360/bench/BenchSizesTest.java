package io.c360.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchSizesTest {
  @Test
  void eachSizeHasFourTimesTheCustomersOfTheLastOverTheSameDays() {
    List<BenchSizes.Size> sizes = BenchSizes.of(1, 3, 100, 7);
    assertThat(sizes).extracting(BenchSizes.Size::name).containsExactly("s1", "s2", "s3");
    assertThat(sizes).extracting(s -> s.settings().customers()).containsExactly(250, 1_000, 4_000);
    assertThat(sizes).allSatisfy(s -> {
      assertThat(s.settings().days()).isEqualTo(100);
      assertThat(s.settings().seed()).isEqualTo(7);
    });
    assertThat(BenchSizes.of(0.5, 2, 100, 7)).extracting(s -> s.settings().customers()).containsExactly(125, 500);
  }

  @Test
  void refusesAScaleOfZeroNamingTheOptions() {
    assertThatThrownBy(() -> BenchSizes.of(0, 3, 100, 7))
        .hasMessage("bench: --scale must be above 0, --sizes at least 1 and --days at least 2 (were 0.0, 3, 100)");
  }
}
