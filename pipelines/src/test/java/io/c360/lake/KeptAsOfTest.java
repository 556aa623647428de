package io.c360.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.c360.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The as-of day a lakehouse keeps: absent, written and read back, unreadable. No Spark. */
class KeptAsOfTest {
  @TempDir
  Path lake;

  private final Configuration hadoop = new Configuration();

  @Test
  void aLakehouseKeepsNoDayUntilOneIsWrittenThenTheLatest() {
    assertThat(KeptAsOf.read(lake.toString(), hadoop)).isEmpty();
    KeptAsOf.write(lake.toString(), LocalDate.parse("2026-10-15"), hadoop);
    KeptAsOf.write(lake.toString(), LocalDate.parse("2026-10-16"), hadoop);
    assertThat(KeptAsOf.read(lake.toString(), hadoop)).contains(LocalDate.parse("2026-10-16"));
    assertThat(lake.resolve("_c360/as-of")).hasContent("2026-10-16");
  }

  @Test
  void aFileThatIsNotADayIsNamedWithWhatToDo() throws Exception {
    Files.createDirectories(lake.resolve("_c360"));
    Files.writeString(lake.resolve("_c360/as-of"), "yesterday\n");
    assertThatThrownBy(() -> KeptAsOf.read(lake.toString(), hadoop)).isInstanceOf(ConfigException.class)
        .hasMessage(lake.resolve("_c360/as-of") + ": not a day (YYYY-MM-DD): 'yesterday'; fix or delete the file, "
            + "or set reporting.as-of");
  }
}
