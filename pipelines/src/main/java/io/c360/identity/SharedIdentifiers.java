package io.c360.identity;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.c360.config.IdentityRules;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Finds shared identifiers without anyone listing them: an identifier seen with more distinct
 * values of one higher-priority type than {@link IdentityRules#sharedThreshold(String)} allows (a
 * shop kiosk's device id with hundreds of e-mails, a family tablet with three user ids) links
 * nobody.
 */
final class SharedIdentifiers {
  private final IdentityRules rules;

  SharedIdentifiers(IdentityRules rules) {
    this.rules = rules;
  }

  /**
   * @param pairs {@code from_id_type}, {@code from_id_value}, {@code to_id_type}, {@code to_id_value}
   * @return {@code id_type}, {@code id_value}, {@code linked_type} (the type it was seen with too
   *     many of), {@code linked_count}, {@code detected_at}: one row per shared identifier
   */
  Dataset<Row> find(Dataset<Row> pairs, Timestamp now) {
    Dataset<Row> both = pairs.select(col("from_id_type").as("id_type"), col("from_id_value").as("id_value"),
            col("to_id_type").as("other_type"), col("to_id_value").as("other_value"))
        .union(pairs.select(col("to_id_type"), col("to_id_value"), col("from_id_type"), col("from_id_value")));
    Dataset<Row> over = both.where(priority(col("other_type")).lt(priority(col("id_type"))))
        .groupBy("id_type", "id_value", "other_type")
        .agg(countDistinct("other_value").as("linked_count"))
        .where(col("linked_count").gt(threshold(col("other_type"))));
    // One row per identifier: the highest-priority type it was seen with too many of.
    return over.withColumn("rank", org.apache.spark.sql.functions.row_number().over(
            org.apache.spark.sql.expressions.Window.partitionBy("id_type", "id_value")
                .orderBy(priority(col("other_type")), col("linked_count").desc())))
        .where(col("rank").equalTo(1))
        .select(col("id_type"), col("id_value"), col("other_type").as("linked_type"), col("linked_count"),
            lit(now).as("detected_at"));
  }

  private Column threshold(Column type) {
    Column c = lit(rules.sharedThreshold());
    for (String t : rules.types().names()) {
      c = when(type.equalTo(t), lit(rules.sharedThreshold(t))).otherwise(c);
    }
    return c;
  }

  private Column priority(Column type) {
    return priority(rules, type);
  }

  /** A type's linking priority as a column: 0 for the highest, as conf/identity.yaml lists them. */
  static Column priority(IdentityRules rules, Column type) {
    Column c = lit(Integer.MAX_VALUE);
    List<String> names = rules.types().names();
    for (int i = names.size() - 1; i >= 0; i--) {
      c = when(type.equalTo(names.get(i)), lit(i)).otherwise(c);
    }
    return c;
  }
}
