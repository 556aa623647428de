package io.c360.identity;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.c360.config.Project;
import io.c360.config.SourceConfig;
import io.c360.config.TableName;
import io.c360.job.RunContext;
import io.c360.job.Step;
import io.c360.job.StepResult;
import io.c360.lake.Lakehouse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Builds silver.identifiers, every observation of an identifier, from the identifier columns each
 * source declares: so a new source needs a YAML file, not code. Values are normalised by type;
 * invalid and blocklisted values are counted as rejected and left out.
 */
public final class IdentifiersStep implements Step {
  public static final TableName IDENTIFIERS = TableName.of("silver", "identifiers");

  private final Lakehouse lake;
  private final Project project;

  public IdentifiersStep(Lakehouse lake, Project project) {
    this.lake = lake;
    this.project = project;
  }

  @Override
  public StepResult apply(RunContext context) {
    Dataset<Row> all = null;
    for (SourceConfig source : project.sources().values()) {
      if (source.identifiers().isEmpty() || !lake.exists(source.table())) {
        continue;
      }
      Dataset<Row> obs = observations(source);
      all = all == null ? obs : all.unionByName(obs);
    }
    if (all == null) {
      throw new IllegalStateException("no source declares identifiers, or no bronze table exists yet");
    }
    Dataset<Row> normalised = all
        .withColumn("id_value", call_function("c360_identifier", col("id_type"), col("raw_value"), col("phone_region")))
        .withColumn("is_usable", col("id_value").isNotNull().and(not(call_function("c360_is_blocked", col("id_value")))));
    Dataset<Row> usable = normalised.where(col("is_usable"))
        .select("id_type", "id_value", "source", "record_key", "observed_at")
        .dropDuplicates("id_type", "id_value", "source", "record_key");
    Row counts = normalised.agg(count(lit(1)), count(when(not(col("is_usable")), 1))).first();
    lake.overwrite(IDENTIFIERS, usable);
    long written = lake.read(IDENTIFIERS).count();
    return StepResult.of(counts.getLong(0), written, counts.getLong(1));
  }

  private Dataset<Row> observations(SourceConfig source) {
    List<Column> ids = new ArrayList<>();
    for (Map.Entry<String, String> id : source.identifiers().entrySet()) {
      ids.add(struct(lit(id.getKey()).as("id_type"), col(id.getValue()).cast(DataTypes.StringType).as("raw_value")));
    }
    Column region = source.phoneRegionColumn()
        .map(c -> coalesce(call_function("c360_country", col(c).cast(DataTypes.StringType)), lit(source.phoneRegion())))
        .orElse(lit(source.phoneRegion()));
    return lake.read(source.table())
        .select(
            lit(source.name()).as("source"),
            col(source.key()).cast(DataTypes.StringType).as("record_key"),
            call_function("try_to_timestamp", col(source.observedAt().orElseThrow()).cast(DataTypes.StringType))
                .as("observed_at"),
            region.as("phone_region"),
            explode(array(ids.toArray(Column[]::new))).as("id"))
        .select(col("source"), col("record_key"), col("observed_at"), col("phone_region"),
            col("id.id_type").as("id_type"), col("id.raw_value").as("raw_value"))
        .where(col("raw_value").isNotNull());
  }
}
