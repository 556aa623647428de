package io.c360.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.c360.config.EnvironmentConfig;
import io.c360.testing.TestLakehouses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the suppression salt comes from, and the refusal without it. */
class SaltsTest {
  @TempDir
  Path dir;

  private EnvironmentConfig env(boolean local) {
    return EnvironmentConfig.load(TestLakehouses.conf(), TestLakehouses.conf().resolve("env/local.yaml"),
        List.of("paths.lakehouse=" + dir.resolve("lake"), "privacy.local-salt=" + local), Map.of());
  }

  @Test
  void theVariableWinsAndIsNeverShown() {
    Salts salts = new Salts(env(false), Map.of("C360_SUPPRESSION_SALT", "s3cret"), new Configuration());
    assertThat(salts.forErasure().value()).isEqualTo("s3cret");
    assertThat(salts.forErasure().toString()).doesNotContain("s3cret")
        .isEqualTo("salt from the environment variable C360_SUPPRESSION_SALT");
    assertThat(salts.forIngest()).isPresent();
  }

  @Test
  void anEnvironmentWithoutALocalSaltRefusesToEraseOrIngest() {
    Salts salts = new Salts(env(false), Map.of(), new Configuration());
    String message = "C360_SUPPRESSION_SALT is not set, and this environment does not allow a local salt "
        + "(privacy.local-salt is false), so c360 refuses to %s: erased people are kept out by a salted hash of "
        + "their identifiers. Set C360_SUPPRESSION_SALT to the salt (a secret, the same for every run on this "
        + "lakehouse).";
    assertThatThrownBy(salts::forErasure).hasMessage(message.formatted("erase"));
    assertThatThrownBy(salts::forIngest).hasMessage(message.formatted("ingest"));
  }

  @Test
  void theLocalDefaultMakesItsOwnSaltOnceAndKeepsIt() throws Exception {
    Salts salts = new Salts(env(true), Map.of(), new Configuration());
    assertThat(salts.forIngest()).isEmpty(); // nothing erased yet: no salt needed
    Salts.Salt made = salts.forErasure();
    assertThat(made.value()).hasSize(64);
    Path file = dir.resolve("lake/_c360/suppression.salt");
    assertThat(Files.readString(file)).isEqualTo(made.value());
    assertThat(Files.getPosixFilePermissions(file)).extracting(Object::toString)
        .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
    assertThat(salts.forErasure().value()).isEqualTo(made.value());
    assertThat(salts.forIngest()).map(Salts.Salt::value).contains(made.value());
  }
}
