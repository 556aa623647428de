package io.c360.identity;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.c360.config.IdentityRules;
import io.c360.config.TableName;
import io.c360.job.RunContext;
import io.c360.job.Step;
import io.c360.job.StepResult;
import io.c360.lake.Lakehouse;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Stitches identifiers into customers: drops links through shared identifiers, finds connected
 * components, and gives each component a customer_id that it keeps across runs: a merged component
 * keeps the smallest earlier id (the others are recorded in gold.identity_merges); when a customer
 * splits, the part holding most of its identifiers keeps the id and the rest get new ones.
 */
public final class IdentityStep implements Step {
  public static final TableName EDGES = TableName.of("silver", "identity_edges");
  public static final TableName IDENTITY_MAP = TableName.of("gold", "identity_map");
  public static final TableName MERGES = TableName.of("gold", "identity_merges");
  public static final TableName SHARED = TableName.of("gold", "shared_identifiers");

  static final StructType MERGES_SCHEMA = new StructType()
      .add("old_customer_id", DataTypes.StringType, false)
      .add("new_customer_id", DataTypes.StringType, false)
      .add("merged_at", DataTypes.TimestampType, false)
      .add("run_id", DataTypes.StringType, false);

  private final Lakehouse lake;
  private final IdentityRules rules;

  public IdentityStep(Lakehouse lake, IdentityRules rules) {
    this.lake = lake;
    this.rules = rules;
  }

  @Override
  public StepResult apply(RunContext run) {
    Timestamp now = Timestamp.from(run.startedAt());
    Dataset<Row> nodes = lake.read(IdentifiersStep.IDENTIFIERS).select("id_type", "id_value").distinct()
        .withColumn("node", xxhash64(col("id_type"), col("id_value")))
        .localCheckpoint(true);
    Dataset<Row> edges = lake.read(EDGES);
    Dataset<Row> shared = sharedIdentifiers(edges, now).localCheckpoint(true);
    lake.overwrite(SHARED, shared);

    Dataset<Row> sharedNodes = shared.select(xxhash64(col("id_type"), col("id_value")).as("node"));
    Dataset<Row> links = edges
        .select(xxhash64(col("from_id_type"), col("from_id_value")).as("src"),
            xxhash64(col("to_id_type"), col("to_id_value")).as("dst"))
        .join(sharedNodes.withColumnRenamed("node", "src"), "src", "left_anti")
        .join(sharedNodes.withColumnRenamed("node", "dst"), "dst", "left_anti");
    Dataset<Row> linkable = nodes.join(sharedNodes, "node", "left_anti");
    ConnectedComponents.Result cc = ConnectedComponents.of(linkable.select("node"), links);
    Dataset<Row> members = linkable.join(cc.labels(), "node");

    Dataset<Row> previous = lake.exists(IDENTITY_MAP)
        ? lake.read(IDENTITY_MAP).select(col("id_type"), col("id_value"), col("customer_id").as("previous_id"),
            col("linked_at").as("previous_linked_at"))
        : lake.spark().createDataFrame(List.of(), new StructType().add("id_type", "string").add("id_value", "string")
            .add("previous_id", "string").add("previous_linked_at", "timestamp"));
    Dataset<Row> withPrevious = members.join(previous, new String[] {"id_type", "id_value"}, "left");
    // Each earlier customer id goes to the one component holding most of its identifiers (ties: the
    // smallest component key); a component keeps the smallest id it won, or gets a new one. So a
    // split leaves the id with its larger part, and no two components share an id.
    Dataset<Row> claims = withPrevious.where(col("previous_id").isNotNull())
        .groupBy("component", "previous_id").agg(count(lit(1)).as("members"))
        .withColumn("rank", row_number().over(Window.partitionBy("previous_id")
            .orderBy(col("members").desc(), col("component"))))
        .where(col("rank").equalTo(1))
        .groupBy("component")
        .agg(min("previous_id").as("kept_id"), collect_set("previous_id").as("previous_ids"));
    Dataset<Row> components = withPrevious.groupBy("component").agg(count(lit(1)).as("size"))
        .join(claims, new String[] {"component"}, "left")
        .withColumn("customer_id", coalesce(col("kept_id"), concat(lit("c_"), expr("uuid()"))))
        .localCheckpoint(true);

    Dataset<Row> identityMap = withPrevious.join(components.select("component", "customer_id", "size"), "component")
        .select(
            col("id_type"),
            col("id_value"),
            col("customer_id"),
            when(col("previous_id").equalTo(col("customer_id")), col("previous_linked_at")).otherwise(lit(now))
                .as("linked_at"),
            when(col("size").gt(1), lit("linked")).otherwise(lit("single")).as("rule"));
    lake.overwrite(IDENTITY_MAP, identityMap);

    Dataset<Row> merges = components.where(col("previous_ids").isNotNull().and(size(col("previous_ids")).gt(1)))
        .select(explode(col("previous_ids")).as("old_customer_id"), col("customer_id").as("new_customer_id"))
        .where(col("old_customer_id").notEqual(col("new_customer_id")))
        .select(col("old_customer_id"), col("new_customer_id"), lit(now).as("merged_at"), lit(run.runId()).as("run_id"));
    lake.ensure(MERGES, MERGES_SCHEMA);
    lake.append(MERGES, merges);

    Row figures = lake.read(IDENTITY_MAP).agg(count(lit(1)), countDistinct(col("customer_id")),
        count(when(col("rule").equalTo("linked"), 1))).first();
    return StepResult.of(nodes.count(), figures.getLong(0), shared.count())
        .with("customers", figures.getLong(1))
        .with("identifiers_stitched", figures.getLong(2))
        .with("shared_identifiers", shared.count())
        .with("rounds", cc.rounds());
  }

  /**
   * An identifier seen with more distinct values of one higher-priority type than that type allows
   * ({@link IdentityRules#sharedThreshold(String)}) is shared (a kiosk, a family tablet): it may not
   * link anyone.
   */
  private Dataset<Row> sharedIdentifiers(Dataset<Row> edges, Timestamp now) {
    Dataset<Row> both = edges.select(col("from_id_type").as("id_type"), col("from_id_value").as("id_value"),
            col("to_id_type").as("other_type"), col("to_id_value").as("other_value"))
        .union(edges.select(col("to_id_type"), col("to_id_value"), col("from_id_type"), col("from_id_value")));
    return both.where(priority(col("other_type")).lt(priority(col("id_type"))))
        .groupBy("id_type", "id_value", "other_type")
        .agg(countDistinct("other_value").as("linked_count"))
        .where(col("linked_count").gt(threshold(col("other_type"))))
        .select(col("id_type"), col("id_value"), col("other_type").as("linked_type"), col("linked_count"),
            lit(now).as("detected_at"))
        .dropDuplicates("id_type", "id_value");
  }

  private Column threshold(Column type) {
    Column c = lit(rules.sharedThreshold());
    for (String t : rules.types().names()) {
      c = when(type.equalTo(t), lit(rules.sharedThreshold(t))).otherwise(c);
    }
    return c;
  }

  private Column priority(Column type) {
    Column c = lit(Integer.MAX_VALUE);
    List<String> names = rules.types().names();
    for (int i = names.size() - 1; i >= 0; i--) {
      c = when(type.equalTo(names.get(i)), lit(i)).otherwise(c);
    }
    return c;
  }
}
