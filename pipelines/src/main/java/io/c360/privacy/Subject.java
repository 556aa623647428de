package io.c360.privacy;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.c360.conform.IdentifierArgument;
import io.c360.config.TableName;
import io.c360.lake.Lakehouse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;

/**
 * The person an erasure request names: the identifiers requested, every identifier linked to them
 * through gold.identity_map (the customers holding a requested identifier) but those attached only
 * as shared, and those customers' ids, current and retired (gold.customer_aliases). Values reach Spark as literals of the
 * DataFrame API, never as SQL text.
 */
record Subject(List<IdentifierArgument> requested, List<IdentifierArgument> identifiers, Set<String> customers) {
  static final TableName IDENTITY_MAP = TableName.of("gold", "identity_map");
  static final TableName ALIASES = TableName.of("gold", "customer_aliases");

  static Subject resolve(Lakehouse lake, List<IdentifierArgument> requested) {
    Set<IdentifierArgument> all = new LinkedHashSet<>(requested);
    Set<String> customers = new LinkedHashSet<>();
    if (lake.exists(IDENTITY_MAP)) {
      Column any = lit(false);
      for (IdentifierArgument id : requested) {
        any = any.or(col("id_type").equalTo(lit(id.type())).and(col("id_value").equalTo(lit(id.value()))));
      }
      for (Row r : lake.read(IDENTITY_MAP).where(any).select("customer_id").distinct().collectAsList()) {
        customers.add(r.getString(0));
      }
      if (!customers.isEmpty()) {
        // An identifier attached to the customer only because it is shared (a family tablet, a
        // kiosk: rule shared:...) is not theirs alone: erasing it would erase the others using it.
        for (Row r : lake.read(IDENTITY_MAP).where(col("customer_id").isin(customers.toArray())
                .and(coalesce(col("rule"), lit("")).startsWith("shared").equalTo(false)))
            .select("id_type", "id_value").orderBy("id_type", "id_value").collectAsList()) {
          all.add(new IdentifierArgument(r.getString(0), r.getString(1), r.getString(1)));
        }
      }
      if (lake.exists(ALIASES) && !customers.isEmpty()) {
        for (Row r : lake.read(ALIASES).where(col("customer_id").isin(customers.toArray()))
            .select("old_customer_id").collectAsList()) {
          customers.add(r.getString(0));
        }
      }
    }
    return new Subject(List.copyOf(requested), dedupe(all), customers);
  }

  /** One entry per type and value (a requested identifier and the same one linked are one). */
  private static List<IdentifierArgument> dedupe(Set<IdentifierArgument> ids) {
    Set<String> seen = new LinkedHashSet<>();
    List<IdentifierArgument> out = new ArrayList<>();
    for (IdentifierArgument id : ids) {
      if (seen.add(id.type() + ":" + id.value())) {
        out.add(id);
      }
    }
    return out;
  }

  /** The normalised values of one type. */
  List<String> values(String type) {
    return identifiers.stream().filter(i -> i.type().equals(type)).map(IdentifierArgument::value).toList();
  }
}
