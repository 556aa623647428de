package io.c360.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import io.c360.config.SourceConfig;
import io.c360.job.RunContext;
import io.c360.job.StepResult;
import io.c360.lake.Lakehouse;
import io.c360.privacy.SuppressionList;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database table to bronze, incrementally: the rows whose watermark column is above the last
 * value recorded in {@code ops.watermarks}. The comparison is a Spark filter pushed down to the
 * database by its JDBC dialect, so the watermark is never spliced into SQL text. The new watermark
 * is recorded only after bronze and quarantine are written and reconciled; rows of a batch that
 * never recorded its watermark (a killed run) are removed before reading again.
 */
final class JdbcIngest {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcIngest.class);

  private final Lakehouse lake;
  private final SourceConfig source;
  private final SourceConfig.JdbcSettings jdbc;

  private final SuppressionList suppression;

  JdbcIngest(Lakehouse lake, SourceConfig source, SuppressionList suppression) {
    this.lake = lake;
    this.source = source;
    this.suppression = suppression;
    this.jdbc = source.jdbc().orElseThrow();
  }

  StepResult apply(RunContext run) {
    lake.ensure(OpsTables.WATERMARKS, OpsTables.WATERMARKS_SCHEMA);
    Optional<Row> last = lastWatermark();
    long committedBatch = last.map(r -> r.getLong(1)).orElse(Long.MIN_VALUE);
    removeUncommittedBatches(committedBatch);

    DataType watermarkType = RawRecords.declared(source).apply(jdbc.watermark()).dataType();
    Dataset<Row> table = reader().load();
    Column from = null;
    if (last.isPresent()) {
      // >= rather than >, and back by the configured lookback: a row committed after the last read
      // with a watermark at or (a long transaction) before the last one is read now; rows already in
      // bronze are recognised by their content hash and skipped.
      from = lit(last.get().getString(0)).cast(watermarkType);
      if (!jdbc.lookback().isZero()) {
        from = from.minus(org.apache.spark.sql.functions.make_interval(lit(0), lit(0), lit(0), lit(0), lit(0), lit(0),
            lit(jdbc.lookback().toSeconds())));
      }
      table = table.where(col(jdbc.watermark()).geq(from));
    }
    String origin = "jdbc:" + jdbc.table();
    Dataset<Row> shaped = shape(table, origin);
    if (from != null) {
      Dataset<Row> seen = lake.read(source.table()).where(col(jdbc.watermark()).geq(from)).select("_record_hash")
          .union(lake.read(OpsTables.QUARANTINE).where(col("source").equalTo(lit(source.name())))
              .select(org.apache.spark.sql.functions.sha2(col("record"), 256).as("_record_hash")));
      shaped = shaped.join(seen, new String[] {"_record_hash"}, "left_anti");
    }
    Dataset<Row> records = shaped
        .withColumn("_suppressed", suppression.matches(source))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Row counts = records.agg(count(lit(1)),
          count(when(col("_reject_reason").isNotNull().and(col("_suppressed").equalTo(false)), 1)),
          max(col(jdbc.watermark())).cast("string"), count(when(col("_suppressed"), 1))).first();
      long read = counts.getLong(0);
      long rejected = counts.getLong(1);
      long suppressed = counts.getLong(3);
      if (read == 0) {
        return StepResult.of(0, 0, 0).with("watermark_advanced", 0);
      }
      BronzeBatch batch = new BronzeBatch(lake, source, run);
      batch.write(records, List.of(), rejected > 0);
      long[] written = batch.writtenPerFile().getOrDefault(origin, new long[2]);
      if (written[0] + written[1] + suppressed != read || written[1] != rejected) {
        throw new IllegalStateException("source " + source.name() + ": read " + read + " rows from " + jdbc.table()
            + " but batch " + run.batchId() + " holds " + written[0] + " in " + source.table() + " and "
            + written[1] + " in " + OpsTables.QUARANTINE + "; the watermark is not advanced");
      }
      String watermark = counts.getString(2);
      lake.append(OpsTables.WATERMARKS, lake.spark().createDataFrame(List.of(RowFactory.create(source.name(),
          jdbc.watermark(), watermark, run.batchId(), run.runId(), read, Timestamp.from(Instant.now()))),
          OpsTables.WATERMARKS_SCHEMA));
      LOG.info("source {}: {} rows from {}, watermark {} now {}", source.name(), read, jdbc.table(), jdbc.watermark(),
          watermark);
      return StepResult.of(read, read - rejected - suppressed, rejected + suppressed)
          .with("watermark_advanced", 1).with("suppressed_records", suppressed);
    } finally {
      records.unpersist();
    }
  }

  private DataFrameReader reader() {
    DataFrameReader r = lake.spark().read().format("jdbc")
        .option("url", jdbc.url().orElseGet(() -> env(jdbc.urlEnv().orElseThrow(), "the JDBC URL")))
        .option("dbtable", jdbc.table())
        .option("fetchsize", jdbc.fetchSize());
    Optional<String> user = jdbc.userEnv().map(name -> env(name, "a database credential"));
    Optional<String> password = jdbc.passwordEnv().map(name -> env(name, "a database credential"));
    if (user.isPresent()) {
      r = r.option("user", user.get());
    }
    if (password.isPresent()) {
      r = r.option("password", password.get());
    }
    return r.options(source.options());
  }

  private String env(String name, String holds) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("source " + source.name() + ": environment variable " + name
          + " is not set (it holds " + holds + ")");
    }
    return value;
  }

  /** The declared columns, cast to their types, with the original row as JSON and a reject reason. */
  private Dataset<Row> shape(Dataset<Row> table, String origin) {
    List<Column> cols = new ArrayList<>();
    for (StructField f : RawRecords.declared(source).fields()) {
      cols.add(col(f.name()).try_cast(f.dataType()).as(f.name()));
    }
    cols.add(lit(origin).as("_source_file"));
    Column original = to_json(struct(java.util.Arrays.stream(table.columns()).map(c -> col(c)).toArray(Column[]::new)));
    cols.add(original.as("_record"));
    cols.add(org.apache.spark.sql.functions.sha2(original, 256).as("_record_hash"));
    List<Column> reasons = new ArrayList<>();
    for (String r : source.required()) {
      reasons.add(when(col(r).isNull(), lit("missing required field: " + r)));
    }
    for (StructField f : RawRecords.declared(source).fields()) {
      reasons.add(when(col(f.name()).isNotNull().and(col(f.name()).try_cast(f.dataType()).isNull()),
          lit("value of " + f.name() + " does not convert to " + f.dataType().simpleString())));
    }
    reasons.add(lit(null).cast("string"));
    return table.select(java.util.stream.Stream.concat(cols.stream(),
        java.util.stream.Stream.of(coalesce(reasons.toArray(Column[]::new)).as("_reject_reason"))).toArray(Column[]::new));
  }

  private Optional<Row> lastWatermark() {
    List<Row> rows = lake.read(OpsTables.WATERMARKS).where(col("source").equalTo(lit(source.name())))
        .orderBy(col("recorded_at").desc()).select("watermark_value", "batch_id").limit(1).collectAsList();
    return rows.stream().findFirst();
  }

  private void removeUncommittedBatches(long committedBatch) {
    java.util.Set<Long> stale = new java.util.TreeSet<>();
    for (Row r : lake.read(source.table()).where(col("_batch_id").gt(lit(committedBatch)))
        .select("_batch_id").distinct().collectAsList()) {
      stale.add(r.getLong(0));
    }
    for (Row r : lake.read(OpsTables.QUARANTINE)
        .where(col("source").equalTo(lit(source.name())).and(col("batch_id").gt(lit(committedBatch))))
        .select("batch_id").distinct().collectAsList()) {
      stale.add(r.getLong(0));
    }
    if (!stale.isEmpty()) {
      LOG.warn("source {}: removing rows of batches {} that never recorded a watermark", source.name(), stale);
      lake.deleteBatches(source.table(), "_batch_id", stale, null, null);
      lake.deleteBatches(OpsTables.QUARANTINE, "batch_id", stale, "source", source.name());
    }
  }
}
