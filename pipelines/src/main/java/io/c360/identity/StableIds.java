package io.c360.identity;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import io.c360.job.RunContext;
import io.c360.lake.Lakehouse;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Customer ids that survive runs. Each earlier id goes to the group now holding most of its
 * identifiers (ties: the smaller group key), so when a customer splits the larger part keeps the
 * id. A group that won several ids is a merge: it keeps the oldest (the earliest time any of its
 * identifiers was linked to it; ties: the smaller id) and the others are recorded as merged into
 * it. A group that won none gets a new id; when its identifiers had an id before, that is recorded
 * as a split. {@code gold.identity_merges} maps every retired id to the one that replaced it.
 */
final class StableIds {
  static final StructType CHANGES_SCHEMA = new StructType()
      .add("old_customer_id", DataTypes.StringType, false)
      .add("new_customer_id", DataTypes.StringType, false)
      .add("merged_at", DataTypes.TimestampType, false)
      .add("run_id", DataTypes.StringType, false)
      .add("kind", DataTypes.StringType, false)
      .add("evidence", DataTypes.StringType, true);

  /**
   * @param identityMap {@code id_type}, {@code id_value}, {@code customer_id}, {@code linked_at}, {@code rule},
   *     {@code component_id}
   * @param changes rows for gold.identity_merges
   */
  record Outcome(Dataset<Row> identityMap, Dataset<Row> changes) {}

  private final Lakehouse lake;

  StableIds(Lakehouse lake) {
    this.lake = lake;
  }

  /**
   * @param placed {@code id_type}, {@code id_value}, {@code node}, {@code group_id}, {@code rule},
   *     {@code component_id}
   * @param links {@code src}, {@code dst} and both identifiers: the evidence for merges
   */
  Outcome assign(Dataset<Row> placed, Dataset<Row> links, RunContext run, Timestamp now) {
    Dataset<Row> previous = lake.exists(IdentityStep.IDENTITY_MAP)
        ? lake.read(IdentityStep.IDENTITY_MAP).select(col("id_type"), col("id_value"),
            col("customer_id").as("previous_id"), col("linked_at").as("previous_linked_at"))
        : lake.spark().createDataFrame(List.of(), new StructType().add("id_type", "string").add("id_value", "string")
            .add("previous_id", "string").add("previous_linked_at", "timestamp"));
    Dataset<Row> withPrevious = placed.join(previous, new String[] {"id_type", "id_value"}, "left")
        .localCheckpoint(true);

    Dataset<Row> claims = withPrevious.where(col("previous_id").isNotNull())
        .groupBy("group_id", "previous_id")
        .agg(count(lit(1)).as("members"), min("previous_linked_at").as("since"),
            min(concat_ws(":", col("id_type"), col("id_value"))).as("example"))
        .withColumn("claim_rank", row_number().over(Window.partitionBy("previous_id")
            .orderBy(col("members").desc(), col("group_id"))));
    Dataset<Row> won = claims.where(col("claim_rank").equalTo(1));
    Dataset<Row> kept = won.withColumn("keep_rank", row_number().over(Window.partitionBy("group_id")
            .orderBy(col("since").asc_nulls_last(), col("previous_id"))))
        .where(col("keep_rank").equalTo(1))
        .select(col("group_id"), col("previous_id").as("kept_id"));
    // uuid() is evaluated once here: the checkpoint fixes each new group's id.
    Dataset<Row> groups = withPrevious.select("group_id").distinct()
        .join(kept, new String[] {"group_id"}, "left")
        .withColumn("customer_id", coalesce(col("kept_id"), concat(lit("c_"), expr("uuid()"))))
        .select("group_id", "customer_id")
        .localCheckpoint(true);

    Dataset<Row> identityMap = withPrevious.join(groups, "group_id")
        .select(col("id_type"), col("id_value"), col("customer_id"),
            when(col("previous_id").equalTo(col("customer_id")), col("previous_linked_at")).otherwise(lit(now))
                .as("linked_at"),
            col("rule"), col("component_id"));

    Dataset<Row> merges = won.join(groups, "group_id")
        .where(col("previous_id").notEqual(col("customer_id")))
        .join(mergeEvidence(withPrevious, links), new String[] {"previous_id"}, "left")
        .select(col("previous_id").as("old_customer_id"), col("customer_id").as("new_customer_id"),
            lit(now).as("merged_at"), lit(run.runId()).as("run_id"), lit("merge").as("kind"),
            coalesce(col("evidence"), lit("linked")).as("evidence"));
    Dataset<Row> splits = claims.where(col("claim_rank").gt(1)).join(groups, "group_id")
        .where(col("previous_id").notEqual(col("customer_id")))
        .select(col("previous_id").as("old_customer_id"), col("customer_id").as("new_customer_id"),
            lit(now).as("merged_at"), lit(run.runId()).as("run_id"), lit("split").as("kind"),
            concat(lit("no longer linked to the rest of "), col("previous_id"), lit(", e.g. "), col("example"))
                .as("evidence"));
    return new Outcome(identityMap, merges.unionByName(splits));
  }

  /**
   * Per earlier id absorbed into another customer: one accepted link from one of its identifiers to
   * an identifier that was not its own, e.g. {@code email:ann@example.com ~ user_id:u1}.
   */
  private static Dataset<Row> mergeEvidence(Dataset<Row> withPrevious, Dataset<Row> links) {
    Dataset<Row> from = withPrevious.select(col("node").as("src"), col("previous_id").as("src_previous"),
        col("group_id").as("src_group"));
    Dataset<Row> to = withPrevious.select(col("node").as("dst"), col("previous_id").as("dst_previous"),
        col("group_id").as("dst_group"));
    Dataset<Row> crossing = links.join(from, "src").join(to, "dst")
        .where(col("src_group").equalTo(col("dst_group"))
            .and(col("src_previous").eqNullSafe(col("dst_previous")).unary_$bang()))
        .withColumn("evidence", concat(col("from_id_type"), lit(":"), col("from_id_value"), lit(" ~ "),
            col("to_id_type"), lit(":"), col("to_id_value")));
    return crossing.select(col("src_previous").as("previous_id"), col("evidence"))
        .union(crossing.select(col("dst_previous").as("previous_id"), col("evidence")))
        .where(col("previous_id").isNotNull())
        .groupBy("previous_id").agg(min("evidence").as("evidence"));
  }

  static void record(Lakehouse lake, Dataset<Row> changes) {
    lake.ensure(IdentityStep.MERGES, CHANGES_SCHEMA);
    lake.append(IdentityStep.MERGES, changes);
    lake.overwrite(IdentityStep.ALIASES, aliases(lake.read(IdentityStep.MERGES)));
  }

  /**
   * Every customer id ever retired by a merge, with the id that holds its identifiers now: merges
   * are followed to their end (a into b, later b into c: a is c now), so a table keyed by an old id
   * joins to the current one in one step. Retired ids are never reused, so the chains end.
   */
  static Dataset<Row> aliases(Dataset<Row> merges) {
    Dataset<Row> step = merges.where(coalesce(col("kind"), lit("merge")).equalTo("merge"))
        .withColumn("rank", row_number().over(Window.partitionBy("old_customer_id").orderBy(col("merged_at").desc())))
        .where(col("rank").equalTo(1))
        .select(col("old_customer_id"), col("new_customer_id").as("customer_id"))
        .localCheckpoint(true);
    for (int hop = 0; hop < 100; hop++) {
      Dataset<Row> next = step.as("a").join(step.as("b"), col("a.customer_id").equalTo(col("b.old_customer_id")), "left")
          .select(col("a.old_customer_id").as("old_customer_id"),
              coalesce(col("b.customer_id"), col("a.customer_id")).as("customer_id"))
          .localCheckpoint(true);
      boolean done = next.exceptAll(step).isEmpty();
      step = next;
      if (done) {
        break;
      }
    }
    return step;
  }
}
