package io.c360.model;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import io.c360.config.TableName;
import io.c360.lake.Lakehouse;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The customers whose gold rows may have changed since a time: those linked to a row that came into
 * one of the model's inputs after it (through the identifiers the row carries), those whose
 * identifiers were linked or moved after it, and both sides of a merge or split after it. Rows of
 * silver tables carry {@code ingested_at}, the time their bronze batch was written.
 */
final class ChangedCustomers {
  private static final TableName IDENTITY_MAP = TableName.of("gold", "identity_map");
  private static final TableName MERGES = TableName.of("gold", "identity_merges");

  private final Lakehouse lake;

  ChangedCustomers(Lakehouse lake) {
    this.lake = lake;
  }

  /** Every customer: a rebuild computes them all. */
  Dataset<Row> all() {
    return lake.read(IDENTITY_MAP).select("customer_id").distinct();
  }

  /**
   * The customers touched after {@code since} through {@code inputs}; the order of inputs does not
   * matter. The identifiers the new rows carry are gathered first, one read per input, and looked up
   * in gold.identity_map in one join.
   */
  Dataset<Row> since(List<TableName> inputs, Timestamp since) {
    Dataset<Row> ids = lake.read(IDENTITY_MAP).select("id_type", "id_value", "customer_id");
    List<Dataset<Row>> customers = new ArrayList<>();
    List<Dataset<Row>> identifiers = new ArrayList<>();
    for (TableName input : inputs) {
      if (!lake.exists(input)) {
        continue;
      }
      Dataset<Row> table = lake.read(input);
      switch (input.toString()) {
        case "gold.identity_map" -> customers.add(table.where(col("linked_at").gt(lit(since))).select("customer_id"));
        case "gold.identity_merges" -> {
          Dataset<Row> merges = table.where(col("merged_at").gt(lit(since)));
          customers.add(merges.select(col("old_customer_id").as("customer_id")));
          customers.add(merges.select(col("new_customer_id").as("customer_id")));
        }
        case "gold.customer_orders", "gold.customer_attributes", "gold.customer_daily_activity" -> {
          // Built from the silver tables and identity in the same run: their changes are those inputs'.
        }
        case "silver.events" -> identifiers.add(carried(fresh(table, since), "user_id", "user_id",
            "anonymous_id", "anonymous_id"));
        case "silver.orders" -> identifiers.add(carried(fresh(table, since), "user_id", "user_id", "email", "email"));
        case "silver.order_items" -> {
          Dataset<Row> orders = fresh(table, since).select("order_id").distinct()
              .join(lake.read(TableName.of("silver", "orders")), "order_id");
          identifiers.add(carried(orders, "user_id", "user_id", "email", "email"));
        }
        case "silver.contacts" -> identifiers.add(carried(fresh(table, since), "crm_id", "contact_id"));
        case "silver.email_engagement" -> identifiers.add(carried(fresh(table, since), "email", "email"));
        case "silver.consent" -> identifiers.add(fresh(table, since).select("id_type", "id_value"));
        default -> throw new IllegalStateException("strategy customers cannot tell which customers a change in "
            + input + " touches; inputs may be gold.identity_map, gold.identity_merges, silver.events, silver.orders, "
            + "silver.order_items, silver.contacts, silver.email_engagement, silver.consent and gold facts");
      }
    }
    if (!identifiers.isEmpty()) {
      customers.add(union(identifiers).where(col("id_value").isNotNull()).distinct()
          .join(ids, new String[] {"id_type", "id_value"}).select("customer_id"));
    }
    customers.add(0, ids.limit(0).select("customer_id"));
    return union(customers).where(col("customer_id").isNotNull()).distinct();
  }

  private static Dataset<Row> fresh(Dataset<Row> table, Timestamp since) {
    return table.where(col("ingested_at").gt(lit(since)));
  }

  /**
   * The identifiers rows carry, as (id_type, id_value): {@code typesAndColumns} pairs an identifier
   * type with the column holding it. One pass over the rows, whatever the number of pairs.
   */
  private static Dataset<Row> carried(Dataset<Row> rows, String... typesAndColumns) {
    List<Column> pairs = new ArrayList<>();
    for (int i = 0; i < typesAndColumns.length; i += 2) {
      pairs.add(struct(lit(typesAndColumns[i]).as("id_type"), col(typesAndColumns[i + 1]).cast("string").as("id_value")));
    }
    return rows.select(explode(array(pairs.toArray(Column[]::new))).as("id"))
        .select(col("id.id_type").as("id_type"), col("id.id_value").as("id_value"));
  }

  private static Dataset<Row> union(List<Dataset<Row>> parts) {
    Dataset<Row> out = parts.get(0);
    for (Dataset<Row> p : parts.subList(1, parts.size())) {
      out = out.union(p);
    }
    return out;
  }
}
