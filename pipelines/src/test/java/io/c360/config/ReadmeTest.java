package io.c360.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.c360.testing.TestLakehouses;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The README's configuration reference follows the code: every key and step kind is documented. */
class ReadmeTest {
  @Test
  void everyEnvironmentKeyAndStepKindIsInTheReadme() throws Exception {
    String readme = Files.readString(TestLakehouses.repoRoot().resolve("README.md"));
    for (ConfigKey key : ConfigKeys.all()) {
      assertThat(readme).as(key.key()).contains("| `" + key.key() + "` |");
    }
    for (StepKind kind : StepKind.ALL) {
      assertThat(readme).as(kind.name()).contains("| `" + kind.name() + "` |");
    }
    assertThat(readme).contains("bin/c360 demo").contains("mvn verify");
  }
}
