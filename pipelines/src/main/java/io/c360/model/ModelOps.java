package io.c360.model;

import io.c360.config.TableName;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The ops tables SQL models write: what each run read (its batch watermark) and its quality results. */
final class ModelOps {
  private ModelOps() {}

  /** One row per run of a model: the bronze batches it read, and its rows in and out. */
  static final TableName MODEL_RUNS = TableName.of("ops", "model_runs");

  static final StructType MODEL_RUNS_SCHEMA = new StructType()
      .add("model", DataTypes.StringType, false)
      .add("run_id", DataTypes.StringType, false)
      .add("strategy", DataTypes.StringType, false)
      .add("is_full_refresh", DataTypes.BooleanType, false)
      .add("since_batch_id", DataTypes.LongType, false)
      .add("until_batch_id", DataTypes.LongType, true)
      .add("rows_in", DataTypes.LongType, false)
      .add("rows_dropped", DataTypes.LongType, false)
      .add("rows_in_table", DataTypes.LongType, false)
      .add("definition_hash", DataTypes.StringType, true)
      .add("recorded_at", DataTypes.TimestampType, false);

  /**
   * One row per check per run: an expectation (rows that did not meet it and what was done), a
   * column's completeness (null values) or the table's uniqueness (rows beyond one per key).
   */
  static final TableName QUALITY_RESULTS = TableName.of("ops", "quality_results");

  static final StructType QUALITY_RESULTS_SCHEMA = new StructType()
      .add("run_id", DataTypes.StringType, false)
      .add("model", DataTypes.StringType, false)
      .add("check_type", DataTypes.StringType, false)
      .add("check_name", DataTypes.StringType, false)
      .add("action", DataTypes.StringType, false)
      .add("rows_checked", DataTypes.LongType, false)
      .add("rows_failing", DataTypes.LongType, false)
      .add("failing_rate", DataTypes.DoubleType, true)
      .add("recorded_at", DataTypes.TimestampType, false);
}
