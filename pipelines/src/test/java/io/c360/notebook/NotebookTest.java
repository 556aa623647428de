package io.c360.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import io.c360.testing.TestLakehouses;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotebookTest {
  private final Path repo = TestLakehouses.repoRoot();
  private final Path conf = repo.resolve("conf");
  private final Path local = conf.resolve("env/local.yaml");

  @Test
  void aRelativeLakehouseIsTakenFromTheRepositoryNotTheNotebooksFolder() {
    assertThat(Notebook.lakehouse(repo, Map.of(), conf, local)).isEqualTo(repo.resolve("lakehouse").toString());
    assertThat(Notebook.lakehouse(repo, Map.of("C360_LAKEHOUSE", "build/lake"), conf, local))
        .isEqualTo(repo.resolve("build/lake").toString());
  }

  @Test
  void anAbsoluteOrObjectStoreLakehouseIsKept() {
    assertThat(Notebook.lakehouse(repo, Map.of("C360_LAKEHOUSE", "/data/lake"), conf, local)).isEqualTo("/data/lake");
    assertThat(Notebook.lakehouse(repo, Map.of("C360_LAKEHOUSE", "s3a://bucket/lake"), conf, local))
        .isEqualTo("s3a://bucket/lake");
  }

  @Test
  void chartValuesArePlain() {
    assertThat(Notebook.plain(new BigDecimal("12.50"))).isEqualTo(12.5d);
    assertThat(Notebook.plain(Timestamp.valueOf("2026-10-01 08:30:00"))).isEqualTo("2026-10-01 08:30:00.0");
    assertThat(Notebook.plain(LocalDate.of(2026, 10, 1))).isEqualTo("2026-10-01");
    assertThat(Notebook.plain(42L)).isEqualTo(42L);
    assertThat(Notebook.plain(null)).isNull();
  }
}
