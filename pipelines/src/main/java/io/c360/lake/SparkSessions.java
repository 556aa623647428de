package io.c360.lake;

import io.c360.config.EnvironmentConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The one place a SparkSession is configured: Delta as the session catalog, Iceberg as a named
 * catalog under the lakehouse, UTC, and small-machine settings when Spark runs in local mode.
 */
public final class SparkSessions {
  private SparkSessions() {}

  /** Settings for a session on this environment; spark-submit's own master wins over config. */
  public static Map<String, String> settings(EnvironmentConfig env) {
    Map<String, String> s = new LinkedHashMap<>();
    String master = new SparkConf().get("spark.master", env.master().isEmpty() ? "local[*]" : env.master());
    s.put("spark.master", master);
    s.put("spark.app.name", env.appName());
    s.put("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension,"
        + "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions");
    s.put("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    s.putAll(icebergCatalog(env));
    s.put("spark.sql.catalogImplementation", "in-memory");
    s.put("spark.sql.warehouse.dir", env.lakehouse() + "/_warehouse");
    s.put("spark.sql.session.timeZone", "UTC");
    s.put("spark.databricks.delta.retentionDurationCheck.enabled", "false");
    // No column statistics in the Delta log unless a table names its columns (bronze names the ones
    // that are not personal data): min/max values in _delta_log/*.json would keep an erased person's
    // e-mail after their rows are gone, for as long as the log is kept.
    s.put("spark.databricks.delta.properties.defaults.dataSkippingNumIndexedCols", "0");
    // Ingest caches each batch once (whole raw lines included) to count, write and reconcile it;
    // compressing that cache cost a quarter of the parse phase (16.5 s -> 12.4 s at 1.5M events).
    s.put("spark.sql.inMemoryColumnarStorage.compressed", "false");
    // Whole raw lines and record hashes are unique: a Parquet dictionary for them is built and thrown away.
    s.put("spark.hadoop.parquet.enable.dictionary#_raw", "false");
    s.put("spark.hadoop.parquet.enable.dictionary#_record_hash", "false");
    // zstd rather than Spark's snappy: writing 1.5M events with their raw lines took 7.6 s instead
    // of 8.1 s and 243 MB instead of 508 MB (Iceberg already writes zstd).
    s.put("spark.sql.parquet.compression.codec", "zstd");
    if (master.startsWith("local")) {
      // Spark's defaults are sized for clusters; on a laptop or CI box these cut test time by half.
      s.put("spark.sql.shuffle.partitions", "4");
      s.put("spark.default.parallelism", "4");
      s.put("spark.sql.sources.parallelPartitionDiscovery.parallelism", "2");
      s.put("spark.databricks.delta.snapshotPartitions", "2");
      s.put("spark.ui.enabled", "false");
      s.put("spark.driver.host", "127.0.0.1");
      s.put("spark.driver.bindAddress", "127.0.0.1");
      s.put("spark.sql.adaptive.coalescePartitions.initialPartitionNum", "4");
    }
    s.putAll(env.sparkConf());
    return s;
  }

  /** The settings of the Iceberg catalog that holds this lakehouse's Iceberg tables. */
  static Map<String, String> icebergCatalog(EnvironmentConfig env) {
    String iceberg = "spark.sql.catalog." + env.icebergCatalog();
    Map<String, String> s = new LinkedHashMap<>();
    s.put(iceberg, "org.apache.iceberg.spark.SparkCatalog");
    s.put(iceberg + ".type", "hadoop");
    s.put(iceberg + ".warehouse", Lakehouse.icebergWarehouse(env));
    return s;
  }

  /** Starts (or joins) the session and registers the lakehouse's tables and functions in it. */
  public static SparkSession start(EnvironmentConfig env) {
    SparkSession.Builder builder = SparkSession.builder();
    settings(env).forEach(builder::config);
    SparkSession spark = builder.getOrCreate();
    // A session joined rather than created (a notebook, a test suite) took its Hadoop settings from
    // whoever created it: give it this environment's (e.g. the S3 endpoint) as a new one would have.
    org.apache.hadoop.conf.Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    settings(env).forEach((key, value) -> {
      if (key.startsWith("spark.hadoop.")) {
        hadoop.set(key.substring("spark.hadoop.".length()), value);
      }
    });
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }
}
