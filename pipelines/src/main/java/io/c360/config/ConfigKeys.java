package io.c360.config;

import java.util.List;
import java.util.Optional;

/** Every key that conf/base.yaml and conf/env/*.yaml may hold; the README's reference follows it. */
public final class ConfigKeys {
  public static final ConfigKey LANDING = new ConfigKey("paths.landing", "./landing",
      "Where raw files land, one folder per source (a local path or a Hadoop URI).");
  public static final ConfigKey LAKEHOUSE = new ConfigKey("paths.lakehouse", "./lakehouse",
      "Where tables live: <lakehouse>/<schema>/<table> for Delta, <lakehouse>/_iceberg for Iceberg.");
  public static final ConfigKey EXPORTS = new ConfigKey("paths.exports", "./exports",
      "Where file activations write segments, one folder per activation (a local path or a Hadoop URI).");
  public static final ConfigKey APP_NAME = new ConfigKey("spark.app-name", "c360",
      "Spark application name.");
  public static final ConfigKey MASTER = new ConfigKey("spark.master", "",
      "Spark master for runs not started by spark-submit (local[*] for the embedded default); "
          + "ignored when spark-submit already set one.");
  public static final ConfigKey SPARK_CONF = new ConfigKey("spark.conf.*", "",
      "Any Spark setting, passed to the session as is (e.g. spark.conf.spark.sql.shuffle.partitions).");
  public static final ConfigKey ICEBERG_CATALOG = new ConfigKey("catalog.iceberg-name", "iceberg",
      "Name of the Spark catalog that holds Iceberg tables.");
  public static final ConfigKey DEFAULT_FORMAT = new ConfigKey("tables.default-format", "delta",
      "Format of every table not named under tables.formats: delta or iceberg.");
  public static final ConfigKey TABLE_FORMATS = new ConfigKey("tables.formats.*", "",
      "Per-table format, e.g. tables.formats.gold.customer_360: iceberg.");
  public static final ConfigKey REPORTING_CURRENCY = new ConfigKey("reporting.currency", "EUR",
      "ISO 4217 currency that gold revenue is reported in.");
  public static final ConfigKey FX_RATES = new ConfigKey("reporting.fx-rates.*", "",
      "Rate to the reporting currency per ISO 4217 code, e.g. reporting.fx-rates.GBP: 1.17.");

  public static final ConfigKey AS_OF = new ConfigKey("reporting.as-of", "",
      "The day gold's time-relative figures (days since last order, 7/30/90-day activity, RFM recency, "
          + "lifecycle) are computed for, as YYYY-MM-DD; empty: the day the lakehouse keeps in _c360/as-of (the "
          + "demo's), else the day the run started (UTC).");

  public static final ConfigKey LOCAL_SALT = new ConfigKey("privacy.local-salt", "false",
      "true lets a run without C360_SUPPRESSION_SALT create and keep its own salt in <lakehouse>/_c360 (the "
          + "embedded default does); false makes erasure and ingestion refuse to run without the variable.");

  public static final ConfigKey REBUILD_SHARE = new ConfigKey("models.rebuild-share", "0.25",
      "An incremental run that would recompute more than this share of a table rebuilds it instead: a model of "
          + "strategy customers when more of its customers changed since its last run, identity when the new "
          + "pairs and identifiers touch more of the graph's identifiers (merging that much rewrites most of a "
          + "table's files and costs more than a rebuild); 1: always merge.");

  static final List<ConfigKey> ALL = List.of(LANDING, LAKEHOUSE, EXPORTS, APP_NAME, MASTER, SPARK_CONF,
      ICEBERG_CATALOG, DEFAULT_FORMAT, TABLE_FORMATS, REPORTING_CURRENCY, FX_RATES, AS_OF, LOCAL_SALT,
      REBUILD_SHARE);

  private ConfigKeys() {}

  public static List<ConfigKey> all() {
    return ALL;
  }

  static Optional<ConfigKey> find(String key) {
    for (ConfigKey k : ALL) {
      if (k.isMap() ? key.startsWith(k.mapPrefix() + ".") : k.key().equals(key)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  /** The known key nearest to a misspelt one, for "did you mean" hints. */
  static String nearest(String key) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (ConfigKey k : ALL) {
      String candidate = k.isMap() ? k.mapPrefix() : k.key();
      int d = Text.distance(key, candidate);
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    return bestDistance <= Math.max(3, key.length() / 3) ? best : null;
  }
}
