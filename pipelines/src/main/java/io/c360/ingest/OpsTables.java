package io.c360.ingest;

import io.c360.config.TableName;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The ops tables ingestion writes: the file ledger and quarantine. */
public final class OpsTables {
  public static final TableName INGESTED_FILES = TableName.of("ops", "ingested_files");
  public static final TableName QUARANTINE = TableName.of("ops", "quarantine");
  public static final TableName WATERMARKS = TableName.of("ops", "watermarks");

  static final StructType WATERMARKS_SCHEMA = new StructType()
      .add("source", DataTypes.StringType, false)
      .add("watermark_column", DataTypes.StringType, false)
      .add("watermark_value", DataTypes.StringType, false)
      .add("batch_id", DataTypes.LongType, false)
      .add("run_id", DataTypes.StringType, false)
      .add("rows_read", DataTypes.LongType, false)
      .add("recorded_at", DataTypes.TimestampType, false);

  static final StructType INGESTED_FILES_SCHEMA = new StructType()
      .add("source", DataTypes.StringType, false)
      .add("file_path", DataTypes.StringType, false)
      .add("file_size", DataTypes.LongType, false)
      .add("modified_at", DataTypes.TimestampType, false)
      .add("checksum", DataTypes.StringType, true)
      .add("status", DataTypes.StringType, false)
      .add("batch_id", DataTypes.LongType, false)
      .add("run_id", DataTypes.StringType, false)
      .add("rows_read", DataTypes.LongType, true)
      .add("rows_written", DataTypes.LongType, true)
      .add("rows_quarantined", DataTypes.LongType, true)
      .add("note", DataTypes.StringType, true)
      .add("recorded_at", DataTypes.TimestampType, false);

  public static final StructType QUARANTINE_SCHEMA = new StructType()
      .add("source", DataTypes.StringType, false)
      .add("source_file", DataTypes.StringType, true)
      .add("reason", DataTypes.StringType, false)
      .add("record", DataTypes.StringType, true)
      .add("batch_id", DataTypes.LongType, false)
      .add("run_id", DataTypes.StringType, false)
      .add("quarantined_at", DataTypes.TimestampType, false);

  private OpsTables() {}
}
