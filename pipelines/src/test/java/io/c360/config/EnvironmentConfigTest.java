package io.c360.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentConfigTest {
  @TempDir
  Path dir;

  private EnvironmentConfig load(ConfFiles c, List<String> sets, Map<String, String> env) {
    return EnvironmentConfig.load(c.root(), c.file("env/local.yaml"), sets, env);
  }

  @Test
  void environmentLayersOverBaseAndSetOverBoth() {
    ConfFiles c = ConfFiles.valid(dir).write("env/local.yaml", """
        paths:
          lakehouse: /data/lake
        spark:
          master: local[2]
          conf:
            spark.sql.shuffle.partitions: 8
        """);
    EnvironmentConfig env = load(c, List.of("tables.formats.gold.customer_360=iceberg"), Map.of());
    assertThat(env.lakehouse()).isEqualTo("/data/lake");
    assertThat(env.landing()).isEqualTo(Path.of("landing").toAbsolutePath().toString());
    assertThat(env.master()).isEqualTo("local[2]");
    assertThat(env.sparkConf()).containsEntry("spark.sql.shuffle.partitions", "8");
    assertThat(env.formatOf(TableName.parse("gold.customer_360"))).isEqualTo(TableFormat.ICEBERG);
    assertThat(env.formatOf(TableName.parse("gold.identity_map"))).isEqualTo(TableFormat.DELTA);
    assertThat(env.fxRates()).containsEntry("GBP", new BigDecimal("1.17")).containsEntry("EUR", BigDecimal.ONE);
  }

  @Test
  void readsEnvironmentVariablesWithDefaults() {
    ConfFiles c = ConfFiles.valid(dir).write("env/local.yaml", """
        paths:
          lakehouse: ${LAKE_ROOT:-/default/lake}
          landing: s3a://${BUCKET}/landing/
        """);
    EnvironmentConfig env = load(c, List.of(), Map.of("BUCKET", "raw"));
    assertThat(env.lakehouse()).isEqualTo("/default/lake");
    assertThat(env.landing()).isEqualTo("s3a://raw/landing");
  }

  @Test
  void theRepositorysS3EnvironmentPutsEverythingOnS3WithNoSecretInIt() {
    Path conf = io.c360.testing.TestLakehouses.conf();
    EnvironmentConfig env = EnvironmentConfig.load(conf, conf.resolve("env/s3.yaml"), List.of(),
        Map.of("C360_S3_ENDPOINT", "http://minio.internal:9000"));
    assertThat(List.of(env.landing(), env.lakehouse(), env.exports()))
        .containsExactly("s3a://c360/landing", "s3a://c360/lakehouse", "s3a://c360/exports");
    assertThat(env.sparkConf())
        .containsEntry("spark.hadoop.fs.s3a.endpoint", "http://minio.internal:9000")
        .containsEntry("spark.hadoop.fs.s3a.path.style.access", "true")
        .containsEntry("spark.delta.logStore.s3a.impl", "io.delta.storage.S3SingleDriverLogStore")
        .doesNotContainKeys("spark.hadoop.fs.s3a.access.key", "spark.hadoop.fs.s3a.secret.key");
    assertThat(env.localSalt()).isFalse();
    assertThatThrownBy(() -> EnvironmentConfig.load(conf, conf.resolve("env/s3.yaml"), List.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("spark.conf.spark.hadoop.fs.s3a.endpoint")
        .hasMessageContaining("environment variable C360_S3_ENDPOINT is not set and has no default");
  }

  @Test
  void refusesAMissingEnvironmentVariableNamingFileAndKey() {
    ConfFiles c = ConfFiles.valid(dir).write("env/local.yaml", """
        paths:
          landing: s3a://${BUCKET}/landing
        """);
    assertThatThrownBy(() -> load(c, List.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(c.shown("env/local.yaml") + ": paths.landing: environment variable BUCKET is not set and has "
            + "no default (write ${BUCKET:-value} to give one)");
  }

  @Test
  void refusesAnUnknownKeyWithAHint() {
    ConfFiles c = ConfFiles.valid(dir).write("env/local.yaml", """
        paths:
          lakehous: /tmp/lake
        """);
    assertThatThrownBy(() -> load(c, List.of(), Map.of()))
        .hasMessage(c.shown("env/local.yaml") + ": paths.lakehous: unknown key (did you mean paths.lakehouse?)");
  }

  @Test
  void refusesAnUnknownKeyFromTheCommandLine() {
    ConfFiles c = ConfFiles.valid(dir);
    assertThatThrownBy(() -> load(c, List.of("nonsense.key=1"), Map.of()))
        .hasMessage("--set: nonsense.key: unknown key");
  }

  @Test
  void refusesAnUnknownTableFormat() {
    ConfFiles c = ConfFiles.valid(dir);
    assertThatThrownBy(() -> load(c, List.of("tables.default-format=parquet"), Map.of()))
        .hasMessage("--set: tables.default-format: expected one of delta, iceberg but was 'parquet'");
  }

  @Test
  void takesTheShareOfATableAboveWhichAnIncrementalRunRebuildsIt() {
    ConfFiles c = ConfFiles.valid(dir);
    assertThat(load(c, List.of(), Map.of()).rebuildShare()).isEqualTo(0.25);
    assertThat(load(c, List.of("models.rebuild-share=1"), Map.of()).rebuildShare()).isEqualTo(1.0);
    assertThatThrownBy(() -> load(c, List.of("models.rebuild-share=30%"), Map.of()))
        .hasMessage("--set: models.rebuild-share: expected a share from 0 to 1 but was '30%'");
    assertThatThrownBy(() -> load(c, List.of("models.rebuild-share=1.5"), Map.of()))
        .hasMessage("--set: models.rebuild-share: expected a share from 0 to 1 but was '1.5'");
  }

  @Test
  void refusesAMissingRequiredValue() {
    ConfFiles c = ConfFiles.valid(dir).write("env/local.yaml", """
        paths:
          lakehouse: ""
        """);
    assertThatThrownBy(() -> load(c, List.of(), Map.of()))
        .hasMessage(c.shown("env/local.yaml") + ": paths.lakehouse: missing required value");
  }

  @Test
  void refusesABadFxRate() {
    ConfFiles c = ConfFiles.valid(dir);
    assertThatThrownBy(() -> load(c, List.of("reporting.fx-rates.USD=lots"), Map.of()))
        .hasMessage("--set: reporting.fx-rates.USD: expected a decimal number but was 'lots'");
  }

  @Test
  void refusesAMissingFile() {
    ConfFiles c = ConfFiles.valid(dir);
    assertThatThrownBy(() -> EnvironmentConfig.load(c.root(), c.file("env/prod.yaml"), List.of(), Map.of()))
        .hasMessage(c.shown("env/prod.yaml") + ": file not found");
  }

  @Test
  void refusesInvalidYaml() {
    ConfFiles c = ConfFiles.valid(dir).write("env/local.yaml", "paths: [unclosed\n");
    assertThatThrownBy(() -> load(c, List.of(), Map.of()))
        .hasMessage(c.shown("env/local.yaml") + ":2:1: not valid YAML: while parsing a flow sequence: expected ',' or "
            + "']', but got <stream end>");
    // Where the parser stopped, as file:line:column, and one line of why.
    ConfFiles tab = ConfFiles.valid(dir).write("env/local.yaml", "paths:\n  landing: a\n   lakehouse: b\n");
    assertThatThrownBy(() -> load(tab, List.of(), Map.of()))
        .hasMessage(tab.shown("env/local.yaml") + ":3:13: not valid YAML: mapping values are not allowed here");
  }

  @Test
  void everyKeyIsDocumented() {
    for (ConfigKey k : ConfigKeys.all()) {
      assertThat(k.documentation()).as(k.key()).isNotBlank();
    }
  }
}
