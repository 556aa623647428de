package io.c360.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.c360.config.SourceKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RejectedFileTest {
  @Test
  void aCsvWithTheWrongHeaderIsQuarantinedLineByLine() {
    String header = CsvHeader.mismatch("id,e_mail", List.of("id", "email"), Map.of()).orElseThrow();
    assertThat(RejectedFile.byLine(header)).isTrue();
    assertThat(RejectedFile.reason(SourceKind.CSV, header, true)).isEqualTo("CSV header does not match the declared"
        + " schema: expected id,email; found 2 columns, the first that differs is column 2 (the whole file; it stays"
        + " in the landing zone)");
  }

  @Test
  void aFileThatDoesNotDecompressIsOneRowThatSaysSo() {
    String truncated = "truncated gzip: the file ends before its compressed data does";
    assertThat(RejectedFile.byLine(truncated)).isFalse();
    assertThat(RejectedFile.reason(SourceKind.CSV, truncated, false)).isEqualTo(truncated
        + " (the whole file, whose lines cannot be read one by one; it stays in the landing zone)");
    assertThat(RejectedFile.reason(SourceKind.PARQUET, "column x is int", false))
        .isEqualTo("column x is int (the whole file; it stays in the landing zone)");
  }
}
