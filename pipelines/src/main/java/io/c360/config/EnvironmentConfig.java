package io.c360.config;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where and how c360 runs: conf/base.yaml with an environment file (conf/env/NAME.yaml) layered
 * over it and {@code --set key=value} overrides over both.
 */
public record EnvironmentConfig(
    String landing,
    String lakehouse,
    String appName,
    String master,
    Map<String, String> sparkConf,
    String icebergCatalog,
    TableFormat defaultFormat,
    Map<String, TableFormat> tableFormats,
    String reportingCurrency,
    Map<String, BigDecimal> fxRates,
    String exports,
    java.util.Optional<java.time.LocalDate> asOf,
    boolean localSalt,
    double rebuildShare) {

  public EnvironmentConfig {
    sparkConf = Map.copyOf(sparkConf);
    tableFormats = Map.copyOf(tableFormats);
    fxRates = Map.copyOf(fxRates);
  }

  /** Loads {@code confDir/base.yaml}, then {@code envFile}, then each {@code --set}. */
  public static EnvironmentConfig load(Path confDir, Path envFile, List<String> sets, Map<String, String> env) {
    return load(confDir, envFile, sets, env, Path.of(""));
  }

  /** As {@link #load(Path, Path, List, Map)}, with relative local paths taken from {@code base}. */
  public static EnvironmentConfig load(Path confDir, Path envFile, List<String> sets, Map<String, String> env,
      Path base) {
    Settings settings = Settings.fromFile(confDir.resolve("base.yaml"), env)
        .overlay(Settings.fromFile(envFile, env));
    for (String s : sets) {
      settings = settings.with(s);
    }
    return from(settings, base);
  }

  static EnvironmentConfig from(Settings s) {
    return from(s, Path.of(""));
  }

  private static EnvironmentConfig from(Settings s, Path base) {
    for (String key : s.keys()) {
      if (ConfigKeys.find(key).isEmpty()) {
        String hint = ConfigKeys.nearest(key);
        throw ConfigException.at(s.originOf(key), key,
            "unknown key" + (hint == null ? "" : " (did you mean " + hint + "?)"));
      }
    }
    Map<String, TableFormat> formats = new LinkedHashMap<>();
    s.under("tables.formats").forEach((table, v) -> {
      TableName.parse(table);
      formats.put(table, TableFormat.parse(v.text(), v.origin(), "tables.formats." + table));
    });
    Map<String, BigDecimal> rates = new LinkedHashMap<>();
    s.under("reporting.fx-rates").forEach((currency, v) -> {
      String key = "reporting.fx-rates." + currency;
      if (!currency.matches("[A-Z]{3}")) {
        throw ConfigException.at(v.origin(), key, "expected an ISO 4217 code such as GBP");
      }
      try {
        rates.put(currency, new BigDecimal(v.text().trim()));
      } catch (NumberFormatException e) {
        throw ConfigException.at(v.origin(), key, "expected a decimal number but was '" + v.text() + "'");
      }
    });
    Map<String, String> sparkConf = new LinkedHashMap<>();
    s.under("spark.conf").forEach((k, v) -> sparkConf.put(k, v.text()));
    String currency = string(s, ConfigKeys.REPORTING_CURRENCY).toUpperCase(Locale.ROOT);
    rates.putIfAbsent(currency, BigDecimal.ONE);
    String catalog = string(s, ConfigKeys.ICEBERG_CATALOG);
    if (!Text.isIdentifier(catalog)) {
      throw ConfigException.at(s.originOf(ConfigKeys.ICEBERG_CATALOG.key()), ConfigKeys.ICEBERG_CATALOG.key(),
          "expected a lower-case identifier but was '" + catalog + "'");
    }
    java.util.Optional<java.time.LocalDate> asOf = java.util.Optional.empty();
    String asOfText = string(s, ConfigKeys.AS_OF).trim();
    if (!asOfText.isEmpty()) {
      try {
        asOf = java.util.Optional.of(java.time.LocalDate.parse(asOfText));
      } catch (java.time.format.DateTimeParseException e) {
        throw ConfigException.at(s.originOf(ConfigKeys.AS_OF.key()), ConfigKeys.AS_OF.key(),
            "expected a day as YYYY-MM-DD but was '" + asOfText + "'");
      }
    }
    return new EnvironmentConfig(
        location(s, ConfigKeys.LANDING, base),
        location(s, ConfigKeys.LAKEHOUSE, base),
        string(s, ConfigKeys.APP_NAME),
        string(s, ConfigKeys.MASTER),
        sparkConf,
        catalog,
        TableFormat.parse(string(s, ConfigKeys.DEFAULT_FORMAT), s.originOf(ConfigKeys.DEFAULT_FORMAT.key()),
            ConfigKeys.DEFAULT_FORMAT.key()),
        formats,
        currency,
        rates,
        location(s, ConfigKeys.EXPORTS, base),
        asOf,
        bool(s, ConfigKeys.LOCAL_SALT),
        share(s, ConfigKeys.REBUILD_SHARE));
  }

  /** The day gold's time-relative figures are computed for: reporting.as-of, else the day {@code runStarted} (UTC). */
  public java.time.LocalDate asOf(java.time.Instant runStarted) {
    return asOf.orElse(runStarted.atZone(java.time.ZoneOffset.UTC).toLocalDate());
  }

  /** The format a table is stored in. */
  public TableFormat formatOf(TableName table) {
    return tableFormats.getOrDefault(table.toString(), defaultFormat);
  }

  /** A copy computing gold's time-relative figures for {@code day} (the demo: the day after its sample). */
  public EnvironmentConfig withAsOf(java.time.LocalDate day) {
    return new EnvironmentConfig(landing, lakehouse, appName, master, sparkConf, icebergCatalog, defaultFormat,
        tableFormats, reportingCurrency, fxRates, exports, java.util.Optional.of(day), localSalt,
        rebuildShare);
  }

  /** A copy with another exports folder (benchmarks). */
  public EnvironmentConfig withExports(String newExports) {
    return new EnvironmentConfig(landing, lakehouse, appName, master, sparkConf, icebergCatalog, defaultFormat,
        tableFormats, reportingCurrency, fxRates, newExports, asOf, localSalt, rebuildShare);
  }

  /** A copy with other paths (tests, the demo). */
  public EnvironmentConfig withPaths(String newLanding, String newLakehouse) {
    return new EnvironmentConfig(newLanding, newLakehouse, appName, master, sparkConf, icebergCatalog,
        defaultFormat, tableFormats, reportingCurrency, fxRates, exports, asOf, localSalt, rebuildShare);
  }

  private static double share(Settings s, ConfigKey key) {
    String v = string(s, key).trim();
    try {
      double share = Double.parseDouble(v);
      if (share >= 0 && share <= 1) {
        return share;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ConfigException.at(s.originOf(key.key()), key.key(), "expected a share from 0 to 1 but was '" + v + "'");
  }

  private static boolean bool(Settings s, ConfigKey key) {
    String v = string(s, key).trim();
    if (!v.equals("true") && !v.equals("false")) {
      throw ConfigException.at(s.originOf(key.key()), key.key(), "expected true or false but was '" + v + "'");
    }
    return v.equals("true");
  }

  private static String string(Settings s, ConfigKey key) {
    return s.value(key.key()).map(Settings.Value::text).orElse(key.defaultValue());
  }

  /** Local paths become absolute so tables registered by location do not depend on the working directory. */
  private static String location(Settings s, ConfigKey key, Path base) {
    String text = string(s, key).trim();
    if (text.isEmpty()) {
      throw ConfigException.at(s.originOf(key.key()), key.key(), "missing required value");
    }
    if (text.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      URI.create(text);
      return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }
    Path p = base.resolve(text).toAbsolutePath().normalize();
    if (Files.isRegularFile(p)) {
      throw ConfigException.at(s.originOf(key.key()), key.key(), "expected a directory but '" + p + "' is a file");
    }
    return p.toString();
  }
}
