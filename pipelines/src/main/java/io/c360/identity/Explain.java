package io.c360.identity;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.slice;

import io.c360.config.ConfigException;
import io.c360.config.IdentityRules;
import io.c360.lake.Lakehouse;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Reads what {@link Explanation} shows about one customer. Values from the command line reach
 * Spark only as literals of DataFrame filters.
 */
public final class Explain {
  private final Lakehouse lake;
  private final IdentityRules rules;

  public Explain(Lakehouse lake, IdentityRules rules) {
    this.lake = lake;
    this.rules = rules;
  }

  /**
   * The customer holding an identifier given as {@code type:value} (normalised as ingestion does).
   *
   * @throws ConfigException when the identifier is malformed, unknown or linked to no customer
   */
  public String identifier(String typeAndValue) {
    io.c360.conform.IdentifierArgument argument = io.c360.conform.IdentifierArgument.parse(typeAndValue, rules);
    String type = argument.type();
    String value = argument.value();
    String id = type + ":" + value;
    List<Row> found = lake.read(IdentityStep.IDENTITY_MAP)
        .where(col("id_type").equalTo(lit(type)).and(col("id_value").equalTo(lit(value))))
        .select("customer_id").collectAsList();
    if (found.isEmpty()) {
      List<Row> shared = lake.exists(IdentityStep.SHARED) ? lake.read(IdentityStep.SHARED)
          .where(col("id_type").equalTo(lit(type)).and(col("id_value").equalTo(lit(value))))
          .select("linked_type", "linked_count").collectAsList() : List.of();
      if (!shared.isEmpty()) {
        return id + " is shared: seen with " + shared.get(0).getLong(1) + " " + shared.get(0).getString(0)
            + " values, it links nobody and belongs to no customer\n";
      }
      throw new ConfigException(id + ": no customer holds this identifier (not seen in any source, "
          + "blocklisted, or erased)");
    }
    return render(found.get(0).getString(0), id);
  }

  /** A customer by id; an id retired by a merge is followed to the customer that replaced it. */
  public String customer(String customerId) {
    String current = customerId;
    String note = "";
    for (int hops = 0; hops < 100; hops++) {
      if (!lake.read(IdentityStep.IDENTITY_MAP).where(col("customer_id").equalTo(lit(current))).isEmpty()) {
        break;
      }
      List<Row> next = lake.exists(IdentityStep.MERGES) ? lake.read(IdentityStep.MERGES)
          .where(col("old_customer_id").equalTo(lit(current)).and(coalesce(col("kind"), lit("merge")).equalTo("merge")))
          .orderBy(col("merged_at").desc()).select("new_customer_id").limit(1).collectAsList() : List.of();
      if (next.isEmpty()) {
        throw new ConfigException("--customer-id: no customer " + customerId);
      }
      note += current + " was merged into " + next.get(0).getString(0) + "\n";
      current = next.get(0).getString(0);
    }
    Row first = lake.read(IdentityStep.IDENTITY_MAP).where(col("customer_id").equalTo(lit(current)))
        .orderBy(priority(col("id_type")), col("id_value")).select("id_type", "id_value").first();
    return note + render(current, first.getString(0) + ":" + first.getString(1));
  }

  private Column priority(Column type) {
    return SharedIdentifiers.priority(rules, type);
  }

  private static Column id(String type, String value) {
    return concat(col(type), lit(":"), col(value));
  }

  private String render(String customerId, String start) {
    Dataset<Row> members = lake.read(IdentityStep.IDENTITY_MAP).where(col("customer_id").equalTo(lit(customerId)))
        .select(col("id_type"), col("id_value"), col("rule")).localCheckpoint(true);
    List<Explanation.Member> memberRows = new ArrayList<>();
    for (Row r : members.collectAsList()) {
      memberRows.add(new Explanation.Member(r.getString(0) + ":" + r.getString(1), r.getString(0), r.getString(2)));
    }
    Dataset<Row> from = members.select(col("id_type").as("from_id_type"), col("id_value").as("from_id_value"));
    Dataset<Row> to = members.select(col("id_type").as("to_id_type"), col("id_value").as("to_id_value"));
    Dataset<Row> edges = lake.read(IdentityStep.EDGES)
        .join(from, new String[] {"from_id_type", "from_id_value"})
        .join(to, new String[] {"to_id_type", "to_id_value"});
    // Example records: the first three record keys holding both identifiers, per source.
    Dataset<Row> observations = lake.read(IdentifiersStep.IDENTIFIERS)
        .join(members.select("id_type", "id_value"), new String[] {"id_type", "id_value"})
        .select("id_type", "id_value", "source", "record_key");
    Dataset<Row> examples = observations.as("a").join(observations.as("b"),
            col("a.source").equalTo(col("b.source")).and(col("a.record_key").equalTo(col("b.record_key"))))
        .select(col("a.id_type").as("from_id_type"), col("a.id_value").as("from_id_value"),
            col("b.id_type").as("to_id_type"), col("b.id_value").as("to_id_value"), col("a.source").as("source"),
            col("a.record_key").as("record_key"))
        .groupBy("from_id_type", "from_id_value", "to_id_type", "to_id_value", "source")
        .agg(slice(array_sort(collect_set("record_key")), 1, 3).as("examples"));
    List<Explanation.Evidence> evidence = new ArrayList<>();
    for (Row r : edges.join(examples, new String[] {"from_id_type", "from_id_value", "to_id_type", "to_id_value",
            "source"}, "left")
        .select(id("from_id_type", "from_id_value"), id("to_id_type", "to_id_value"), col("source"),
            col("record_count"), col("first_seen_at"), col("last_seen_at"), col("examples")).collectAsList()) {
      evidence.add(new Explanation.Evidence(r.getString(0), r.getString(1), r.getString(2), r.getLong(3),
          time(r.getTimestamp(4)), time(r.getTimestamp(5)), r.isNullAt(6) ? List.of() : r.getList(6)));
    }

    List<Explanation.Refusal> refusals = new ArrayList<>();
    if (lake.exists(IdentityStep.REFUSALS)) {
      Dataset<Row> all = lake.read(IdentityStep.REFUSALS);
      Dataset<Row> touching = all.join(from, new String[] {"from_id_type", "from_id_value"}, "left_semi")
          .unionByName(all.join(to, new String[] {"to_id_type", "to_id_value"}, "left_semi")).distinct();
      for (Row r : touching.select(id("from_id_type", "from_id_value"), id("to_id_type", "to_id_value"), col("rule"),
          col("detail")).orderBy("rule", "detail").collectAsList()) {
        refusals.add(new Explanation.Refusal(r.getString(0), r.getString(1), r.getString(2), r.getString(3)));
      }
    }
    List<Explanation.Shared> shared = new ArrayList<>();
    if (lake.exists(IdentityStep.SHARED)) {
      Dataset<Row> sharedIds = lake.read(IdentityStep.SHARED);
      Dataset<Row> seenWith = lake.read(IdentityStep.EDGES).join(from, new String[] {"from_id_type", "from_id_value"},
              "left_semi").select(col("to_id_type").as("id_type"), col("to_id_value").as("id_value"))
          .union(lake.read(IdentityStep.EDGES).join(to, new String[] {"to_id_type", "to_id_value"}, "left_semi")
              .select(col("from_id_type"), col("from_id_value"))).distinct();
      for (Row r : sharedIds.join(seenWith, new String[] {"id_type", "id_value"}, "left_semi")
          .select(id("id_type", "id_value"), col("linked_type"), col("linked_count")).orderBy("id_type", "id_value")
          .collectAsList()) {
        shared.add(new Explanation.Shared(r.getString(0), r.getString(1), r.getLong(2)));
      }
    }
    List<Explanation.Change> changes = new ArrayList<>();
    if (lake.exists(IdentityStep.MERGES)) {
      for (Row r : lake.read(IdentityStep.MERGES)
          .where(col("new_customer_id").equalTo(lit(customerId)).or(col("old_customer_id").equalTo(lit(customerId))))
          .orderBy("merged_at", "old_customer_id")
          .select("merged_at", "kind", "old_customer_id", "new_customer_id", "evidence").collectAsList()) {
        changes.add(new Explanation.Change(time(r.getTimestamp(0)), r.getString(1), r.getString(2), r.getString(3),
            r.getString(4)));
      }
    }
    return Explanation.render(customerId, start, memberRows, evidence, refusals, shared, changes,
        rules.types().names());
  }

  private static String time(Timestamp t) {
    return t == null ? "?" : t.toInstant().toString();
  }
}
