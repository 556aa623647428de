package io.c360.profile;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_json;

import io.c360.config.ActivationConfig;
import io.c360.config.TableName;
import io.c360.job.RunContext;
import io.c360.job.Step;
import io.c360.job.StepResult;
import io.c360.lake.Lakehouse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Sends a segment's current members (open rows of {@code gold.segment_membership}) with the
 * columns of {@code gold.customer_360} the activation allows, and no others: as a snapshot of
 * files under {@code <paths.exports>/<activation>/}, replaced on every run, or into a database
 * table through {@link JdbcUpsert}. Both are idempotent: running again sends the same state.
 */
public final class ActivationStep implements Step {
  private static final TableName CUSTOMERS = TableName.of("gold", "customer_360");

  private final Lakehouse lake;
  private final ActivationConfig activation;
  private final java.util.Map<String, String> environment;

  public ActivationStep(Lakehouse lake, ActivationConfig activation) {
    this(lake, activation, System.getenv());
  }

  /** @param environment where the activation's credentials are looked up by name */
  ActivationStep(Lakehouse lake, ActivationConfig activation, java.util.Map<String, String> environment) {
    this.lake = lake;
    this.activation = activation;
    this.environment = environment;
  }

  /** The members with the allowed columns; arrays, maps and structs as JSON text. */
  Dataset<Row> audience() {
    Dataset<Row> customers = lake.read(CUSTOMERS);
    Set<String> known = Set.of(customers.columns());
    List<Column> columns = new ArrayList<>();
    for (String c : activation.columns()) {
      if (!known.contains(c)) {
        throw new IllegalStateException("activation " + activation.name() + ": column " + c
            + " is not in gold.customer_360 (conf/profile.yaml: activations[].columns)");
      }
      StructField f = customers.schema().apply(c);
      boolean nested = f.dataType() instanceof ArrayType || f.dataType() instanceof MapType
          || f.dataType() instanceof StructType;
      columns.add(nested ? to_json(col(c)).as(c) : col(c));
    }
    Dataset<Row> members = lake.read(SegmentStep.MEMBERSHIP)
        .where(col("segment").equalTo(activation.segment()).and(col("exited_at").isNull()))
        .select("customer_id");
    return customers.join(members, "customer_id").select(columns.toArray(Column[]::new)).orderBy("customer_id");
  }

  /**
   * Renames Spark's one {@code part-*} file of the snapshot to {@code <activation>.<format>}, the
   * name a person opening the folder (or a tool fetching it) expects; Spark reads the folder as before.
   */
  private void nameTheFile(String folder) throws IOException {
    Path dir = new Path(folder);
    FileSystem fs = dir.getFileSystem(lake.spark().sparkContext().hadoopConfiguration());
    FileStatus[] parts = fs.listStatus(dir, p -> p.getName().startsWith("part-"));
    if (parts.length != 1) {
      throw new IllegalStateException("activation " + activation.name() + ": expected one part file in " + folder
          + ", found " + parts.length);
    }
    Path named = new Path(dir, fileName(activation));
    if (!fs.rename(parts[0].getPath(), named)) {
      throw new IOException("activation " + activation.name() + ": could not rename " + parts[0].getPath()
          + " to " + named);
    }
  }

  /** The snapshot's file name under {@code <paths.exports>/<activation>/}. */
  public static String fileName(ActivationConfig activation) {
    return activation.name() + "." + activation.format();
  }

  @Override
  public StepResult apply(RunContext run) throws Exception {
    if (!lake.exists(SegmentStep.MEMBERSHIP)) {
      throw new IllegalStateException("activation " + activation.name() + ": gold.segment_membership does not exist "
          + "yet; run a segments step first");
    }
    Dataset<Row> audience = audience().localCheckpoint(true);
    long rows = audience.count();
    return switch (activation.kind()) {
      case FILE -> {
        String path = lake.env().exports() + "/" + activation.name();
        var writer = audience.coalesce(1).write().mode("overwrite");
        if (activation.format().equals("csv")) {
          writer.option("header", "true").csv(path);
        } else {
          writer.parquet(path);
        }
        nameTheFile(path);
        yield StepResult.of(rows, rows, 0).with("members", rows);
      }
      case JDBC -> {
        JdbcUpsert.Result r = new JdbcUpsert(activation, environment).send(audience);
        yield StepResult.of(rows, r.upserted(), 0).with("members", rows).with("inserted", r.inserted())
            .with("updated", r.updated()).with("deleted", r.deleted());
      }
    };
  }
}
