package io.c360.ingest;

import static io.c360.ingest.LandedName.Verdict.NOT_DECOMPRESSED;
import static io.c360.ingest.LandedName.Verdict.NOT_MATCHED;
import static io.c360.ingest.LandedName.Verdict.READ;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.FileSystems;
import java.nio.file.PathMatcher;
import org.junit.jupiter.api.Test;

class LandedNameTest {
  private static PathMatcher glob(String pattern) {
    return FileSystems.getDefault().getPathMatcher("glob:" + pattern);
  }

  @Test
  void aSourcesFilesAreReadGzippedTooAndOtherCompressionsRefused() {
    PathMatcher csv = glob("*.csv");
    assertThat(LandedName.of("orders.csv", csv)).isEqualTo(READ);
    assertThat(LandedName.of("orders-trunc.csv.gz", csv)).isEqualTo(READ);
    assertThat(LandedName.of("orders.csv.bz2", csv)).isEqualTo(NOT_DECOMPRESSED);
    assertThat(LandedName.of("orders.csv.zip", csv)).isEqualTo(NOT_DECOMPRESSED);
    assertThat(LandedName.of("orders.csv.GZ", csv)).isEqualTo(NOT_DECOMPRESSED);
    assertThat(LandedName.of("orders.CSV", csv)).isEqualTo(NOT_MATCHED);
    assertThat(LandedName.of("orders.csv.bak", csv)).isEqualTo(NOT_MATCHED);
    assertThat(LandedName.of("README.txt", csv)).isEqualTo(NOT_MATCHED);
    assertThat(LandedName.of("gz", csv)).isEqualTo(NOT_MATCHED);
    // The default pattern of a CSV source matches every suffix after .csv itself.
    PathMatcher any = glob("*.csv*");
    assertThat(LandedName.of("orders.csv.gz", any)).isEqualTo(READ);
    assertThat(LandedName.of("orders.csv.bz2", any)).isEqualTo(NOT_DECOMPRESSED);
    assertThat(LandedName.of("orders.csv.tmp", any)).isEqualTo(READ);
  }

  @Test
  void aRefusedCompressionSaysWhatToLandInstead() {
    assertThat(LandedName.notDecompressed("orders.csv.bz2"))
        .isEqualTo("compressed as .bz2, which is not read: land it uncompressed or gzip-compressed (.gz)");
  }
}
