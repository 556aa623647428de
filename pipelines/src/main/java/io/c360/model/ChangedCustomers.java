package io.c360.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.c360.config.TableName;
import io.c360.lake.Lakehouse;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
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

  /** The customers touched after {@code since} through {@code inputs}; the order of inputs does not matter. */
  Dataset<Row> since(List<TableName> inputs, Timestamp since) {
    Dataset<Row> ids = lake.read(IDENTITY_MAP).select("id_type", "id_value", "customer_id");
    List<Dataset<Row>> parts = new ArrayList<>();
    parts.add(ids.limit(0).select("customer_id"));
    for (TableName input : inputs) {
      if (!lake.exists(input)) {
        continue;
      }
      Dataset<Row> table = lake.read(input);
      switch (input.toString()) {
        case "gold.identity_map" -> parts.add(table.where(col("linked_at").gt(lit(since))).select("customer_id"));
        case "gold.identity_merges" -> {
          Dataset<Row> merges = table.where(col("merged_at").gt(lit(since)));
          parts.add(merges.select(col("old_customer_id").as("customer_id")));
          parts.add(merges.select(col("new_customer_id").as("customer_id")));
        }
        case "gold.customer_orders", "gold.customer_attributes", "gold.customer_daily_activity" -> {
          // Built from the silver tables and identity in the same run: their changes are those inputs'.
        }
        case "silver.events" -> {
          Dataset<Row> rows = fresh(table, since);
          parts.add(linked(rows, ids, "user_id", "user_id"));
          parts.add(linked(rows, ids, "anonymous_id", "anonymous_id"));
        }
        case "silver.orders" -> {
          Dataset<Row> rows = fresh(table, since);
          parts.add(linked(rows, ids, "user_id", "user_id"));
          parts.add(linked(rows, ids, "email", "email"));
        }
        case "silver.order_items" -> {
          Dataset<Row> orders = fresh(table, since).select("order_id").distinct()
              .join(lake.read(TableName.of("silver", "orders")), "order_id");
          parts.add(linked(orders, ids, "user_id", "user_id"));
          parts.add(linked(orders, ids, "email", "email"));
        }
        case "silver.contacts" -> parts.add(linked(fresh(table, since), ids, "crm_id", "contact_id"));
        case "silver.email_engagement" -> parts.add(linked(fresh(table, since), ids, "email", "email"));
        case "silver.consent" -> parts.add(fresh(table, since).select("id_type", "id_value").distinct()
            .join(ids, new String[] {"id_type", "id_value"}).select("customer_id"));
        default -> throw new IllegalStateException("strategy customers cannot tell which customers a change in "
            + input + " touches; inputs may be gold.identity_map, gold.identity_merges, silver.events, silver.orders, "
            + "silver.order_items, silver.contacts, silver.email_engagement, silver.consent and gold facts");
      }
    }
    Dataset<Row> out = parts.get(0);
    for (Dataset<Row> p : parts.subList(1, parts.size())) {
      out = out.union(p);
    }
    return out.where(col("customer_id").isNotNull()).distinct();
  }

  private static Dataset<Row> fresh(Dataset<Row> table, Timestamp since) {
    return table.where(col("ingested_at").gt(lit(since)));
  }

  /** The customers holding the identifier of type {@code type} found in {@code column}. */
  private static Dataset<Row> linked(Dataset<Row> rows, Dataset<Row> ids, String type, String column) {
    return rows.select(col(column).as("id_value")).where(col("id_value").isNotNull()).distinct()
        .join(ids.where(col("id_type").equalTo(type)), "id_value").select("customer_id");
  }
}
