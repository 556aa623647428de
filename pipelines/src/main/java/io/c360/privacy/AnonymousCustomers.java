package io.c360.privacy;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.c360.conform.IdentifierArgument;
import io.c360.config.TableName;
import io.c360.identity.IdentifiersStep;
import io.c360.lake.Lakehouse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The customers retention lets go: no identifier of a known type linked (gold.identity_map), and no
 * observation of any of their identifiers (silver.identifiers) at or after the cutoff. A customer
 * with an observation whose time could not be read is kept, and counted: its age is unknown. A
 * customer left in gold.identity_map without any observation (a retention run stopped before it
 * deleted the map's rows, which go last) goes too, so a run stopped half-way finishes when run again.
 * The subject is what an erasure of them all needs: their own identifiers (not those attached only
 * as shared) and their customer ids, current and retired.
 */
final class AnonymousCustomers {
  private AnonymousCustomers() {}

  /**
   * @param customers the customers that go (their retired ids are in the subject too)
   * @param undatedKept anonymous customers kept because an observation of theirs has no time
   * @param refusedKept anonymous customers old enough to go, kept because a link of one of their
   *     identifiers was refused by a rule (gold.identity_refusals): the records that hold it may be
   *     another customer's too, and erasing by identifier would delete them
   */
  record Expired(Subject subject, long customers, long undatedKept, long refusedKept) {
    static final Expired NONE = new Expired(new Subject(List.of(), List.of(), Set.of()), 0, 0, 0);
  }

  static Expired find(Lakehouse lake, List<String> knownTypes, Instant cutoff) {
    TableName observations = IdentifiersStep.IDENTIFIERS;
    if (!lake.exists(Subject.IDENTITY_MAP) || !lake.exists(observations)) {
      return Expired.NONE;
    }
    Dataset<Row> map = lake.read(Subject.IDENTITY_MAP).select("customer_id", "id_type", "id_value", "rule");
    Dataset<Row> seen = lake.read(observations).groupBy("id_type", "id_value").agg(
        max("observed_at").as("last_seen_at"), count(lit(1)).as("observations"),
        count_if(col("observed_at").isNull()).as("undated"));
    Dataset<Row> customers = map.join(seen, new String[] {"id_type", "id_value"}, "left")
        .join(refused(lake), new String[] {"id_type", "id_value"}, "left").groupBy("customer_id")
        .agg(max(when(col("id_type").isin(knownTypes.toArray()), 1).otherwise(0)).as("known"),
            max("last_seen_at").as("last_seen_at"), sum(coalesce(col("observations"), lit(0L))).as("observations"),
            sum(coalesce(col("undated"), lit(0L))).as("undated"), max(coalesce(col("refused"), lit(0))).as("refused"))
        .where(col("known").equalTo(0))
        .withColumn("old", col("observations").equalTo(0).or(col("undated").equalTo(0)
            .and(col("last_seen_at").lt(lit(Timestamp.from(cutoff))))))
        .cache();
    try {
      Dataset<Row> expired = customers.where(col("old").and(col("refused").equalTo(0))).select("customer_id");
      Row kept = customers.agg(count_if(col("undated").gt(0)), count_if(col("old").and(col("refused").gt(0))))
          .first();
      long undated = kept.getLong(0);
      long refusedKept = kept.getLong(1);
      Set<String> ids = new LinkedHashSet<>();
      expired.orderBy("customer_id").collectAsList().forEach(r -> ids.add(r.getString(0)));
      if (ids.isEmpty()) {
        return new Expired(Expired.NONE.subject(), 0, undated, refusedKept);
      }
      List<IdentifierArgument> identifiers = new ArrayList<>();
      for (Row r : map.join(expired, "customer_id")
          .where(coalesce(col("rule"), lit("")).startsWith("shared").equalTo(false))
          .select("id_type", "id_value").distinct().orderBy("id_type", "id_value").collectAsList()) {
        identifiers.add(new IdentifierArgument(r.getString(0), r.getString(1), r.getString(1)));
      }
      Set<String> all = new LinkedHashSet<>(ids);
      if (lake.exists(Subject.ALIASES)) {
        lake.read(Subject.ALIASES).join(expired, "customer_id").select("old_customer_id").collectAsList()
            .forEach(r -> all.add(r.getString(0)));
      }
      return new Expired(new Subject(identifiers, identifiers, all), ids.size(), undated, refusedKept);
    } finally {
      customers.unpersist();
    }
  }

  /** The identifiers on either end of a link the identity step refused, flagged {@code refused} = 1. */
  private static Dataset<Row> refused(Lakehouse lake) {
    TableName refusals = io.c360.identity.IdentityStep.REFUSALS;
    Dataset<Row> none = lake.spark().emptyDataFrame().select(lit(null).cast("string").as("id_type"),
        lit(null).cast("string").as("id_value"), lit(1).as("refused"));
    if (!lake.exists(refusals)) {
      return none;
    }
    Dataset<Row> table = lake.read(refusals);
    return table.select(col("from_id_type").as("id_type"), col("from_id_value").as("id_value"))
        .union(table.select(col("to_id_type"), col("to_id_value"))).distinct().withColumn("refused", lit(1));
  }
}
