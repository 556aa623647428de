package io.c360.identity;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.c360.config.IdentityRules;
import io.c360.config.TableName;
import io.c360.job.RunContext;
import io.c360.job.Step;
import io.c360.job.StepResult;
import io.c360.lake.Lakehouse;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Stitches identifiers into customers.
 *
 * <ol>
 *   <li>Identifiers seen with more distinct values of a higher-priority type than allowed are
 *       shared (a kiosk, a family tablet) and link nobody: {@code gold.shared_identifiers}.
 *   <li>Connected components of the remaining links ({@link LargeStarSmallStar}).
 *   <li>Within each component, the {@link Linker} accepts links strongest first and refuses those
 *       that would give a customer too many values of a type or too many identifiers:
 *       {@code gold.identity_refusals}.
 *   <li>Each resulting group keeps the customer id its identifiers had ({@link StableIds}); merges
 *       and splits are recorded in {@code gold.identity_merges}.
 * </ol>
 */
public final class IdentityStep implements Step {
  public static final TableName EDGES = TableName.of("silver", "identity_edges");
  public static final TableName IDENTITY_MAP = TableName.of("gold", "identity_map");
  public static final TableName MERGES = TableName.of("gold", "identity_merges");
  public static final TableName SHARED = TableName.of("gold", "shared_identifiers");
  public static final TableName REFUSALS = TableName.of("gold", "identity_refusals");

  private static final StructType DECISIONS = new StructType()
      .add("kind", DataTypes.StringType, false)
      .add("node", DataTypes.LongType, false)
      .add("group_id", DataTypes.LongType, true)
      .add("rule", DataTypes.StringType, true)
      .add("other", DataTypes.LongType, true)
      .add("detail", DataTypes.StringType, true);

  private final Lakehouse lake;
  private final IdentityRules rules;

  public IdentityStep(Lakehouse lake, IdentityRules rules) {
    this.lake = lake;
    this.rules = rules;
  }

  @Override
  public StepResult apply(RunContext run) {
    List<Dataset<Row>> cached = new ArrayList<>();
    try {
      return apply(run, cached);
    } finally {
      cached.forEach(Dataset::unpersist);
    }
  }

  private static Dataset<Row> keep(List<Dataset<Row>> cached, Dataset<Row> d) {
    Dataset<Row> p = d.persist(StorageLevel.MEMORY_AND_DISK());
    cached.add(p);
    return p;
  }

  private StepResult apply(RunContext run, List<Dataset<Row>> cached) {
    Timestamp now = Timestamp.from(run.startedAt());
    Dataset<Row> nodes = keep(cached, lake.read(IdentifiersStep.IDENTIFIERS).select("id_type", "id_value").distinct()
        .withColumn("node", xxhash64(col("id_type"), col("id_value"))));
    Row distinct = nodes.agg(count(lit(1)), countDistinct(col("node"))).first();
    if (distinct.getLong(0) != distinct.getLong(1)) {
      throw new IllegalStateException("identity: " + (distinct.getLong(0) - distinct.getLong(1))
          + " identifiers share a 64-bit node hash with another; stitching them would merge strangers");
    }
    Dataset<Row> edges = keep(cached, pairs(lake.read(EDGES)));

    Dataset<Row> shared = keep(cached, new SharedIdentifiers(rules).find(edges, now));
    Dataset<Row> sharedNodes = shared.select(xxhash64(col("id_type"), col("id_value")).as("node"));
    Dataset<Row> links = keep(cached, edges
        .join(sharedNodes.withColumnRenamed("node", "src"), "src", "left_anti")
        .join(sharedNodes.withColumnRenamed("node", "dst"), "dst", "left_anti"));
    Dataset<Row> linkable = nodes.join(sharedNodes, "node", "left_anti");

    LargeStarSmallStar.Result cc = LargeStarSmallStar.of(links.select("src", "dst"));
    Dataset<Row> members = linkable.join(cc.components(), new String[] {"node"}, "left")
        .withColumn("component", coalesce(col("component"), col("node")));

    Dataset<Row> decisions = keep(cached, decide(members, links));
    Dataset<Row> placed = members.join(decisions.where(col("kind").equalTo("placement"))
            .select(col("node"), col("group_id"), col("rule")), new String[] {"node"}, "left")
        .select(col("id_type"), col("id_value"), col("node"), coalesce(col("group_id"), col("node")).as("group_id"),
            coalesce(col("rule"), lit("single")).as("rule"));
    if (rules.attachShared() == IdentityRules.SharedAttachment.MOST_FREQUENT) {
      placed = placed.unionByName(attachShared(shared, edges, placed));
    }
    placed = keep(cached, placed);

    Dataset<Row> refusals = decisions.where(col("kind").equalTo("refusal"))
        .join(nodes.select(col("node"), col("id_type").as("from_id_type"), col("id_value").as("from_id_value")), "node")
        .join(nodes.select(col("node").as("other"), col("id_type").as("to_id_type"), col("id_value").as("to_id_value")),
            "other")
        .select(col("from_id_type"), col("from_id_value"), col("to_id_type"), col("to_id_value"), col("rule"),
            col("detail"), lit(run.runId()).as("run_id"), lit(now).as("decided_at"));
    lake.overwrite(REFUSALS, refusals);

    StableIds.Outcome ids = new StableIds(lake).assign(placed, links, run, now);
    lake.overwrite(IDENTITY_MAP, ids.identityMap());
    lake.overwrite(SHARED, shared.join(ids.identityMap().select(col("id_type"), col("id_value"),
        col("customer_id").as("attached_to")), new String[] {"id_type", "id_value"}, "left"));
    StableIds.record(lake, ids.changes());

    Row figures = lake.read(IDENTITY_MAP).agg(count(lit(1)), countDistinct(col("customer_id")),
        count(when(col("rule").notEqual("single"), 1))).first();
    long sharedCount = lake.read(SHARED).count();
    long refused = lake.read(REFUSALS).count();
    return StepResult.of(nodes.count(), figures.getLong(0), sharedCount)
        .with("customers", figures.getLong(1))
        .with("identifiers_stitched", figures.getLong(2))
        .with("shared_identifiers", sharedCount)
        .with("refused_links", refused)
        .with("rounds", cc.rounds());
  }

  /** One row per linked pair over all sources, with node ids: src, dst, both identifiers, records. */
  private static Dataset<Row> pairs(Dataset<Row> edges) {
    return edges.groupBy("from_id_type", "from_id_value", "to_id_type", "to_id_value")
        .agg(sum("record_count").as("records"))
        .withColumn("src", xxhash64(col("from_id_type"), col("from_id_value")))
        .withColumn("dst", xxhash64(col("to_id_type"), col("to_id_value")));
  }

  /**
   * Runs the {@link Linker} on every component with links: one task per component, its nodes and
   * links gathered into one row. Returns placements (node, group_id, rule) and refusals (node,
   * other, rule, detail).
   */
  private Dataset<Row> decide(Dataset<Row> members, Dataset<Row> links) {
    Dataset<Row> componentNodes = members.groupBy("component")
        .agg(collect_list(struct(col("node"), col("id_type"), col("id_value"))).as("nodes"));
    Dataset<Row> componentLinks = links.join(members.select(col("node").as("src"), col("component")), "src")
        .groupBy("component")
        .agg(collect_list(struct(col("src"), col("dst"), col("records"))).as("links"));
    Linker linker = new Linker(rules);
    FlatMapFunction<Row, Row> run = row -> {
      List<Linker.Node> ns = new ArrayList<>();
      for (Row n : row.<Row>getList(1)) {
        ns.add(new Linker.Node(n.getLong(0), n.getString(1), n.getString(2)));
      }
      List<Linker.Link> ls = new ArrayList<>();
      for (Row l : row.<Row>getList(2)) {
        ls.add(new Linker.Link(l.getLong(0), l.getLong(1), l.getLong(2)));
      }
      Linker.Outcome outcome = linker.link(ns, ls);
      List<Row> out = new ArrayList<>(outcome.placements().size() + outcome.refusals().size());
      for (Linker.Placement p : outcome.placements()) {
        out.add(RowFactory.create("placement", p.node(), p.group(), p.rule(), null, null));
      }
      for (Linker.Refusal r : outcome.refusals()) {
        out.add(RowFactory.create("refusal", r.from(), null, r.rule(), r.to(), r.detail()));
      }
      return out.iterator();
    };
    return componentNodes.join(componentLinks, "component")
        .select(col("component"), col("nodes"), col("links"))
        .flatMap(run, Encoders.row(DECISIONS));
  }

  /**
   * A shared identifier placed with the customer of the identifier it was seen with in the most
   * records (ties: the smaller value); it linked nobody, so it changes no one's group.
   */
  private static Dataset<Row> attachShared(Dataset<Row> shared, Dataset<Row> edges, Dataset<Row> placed) {
    Dataset<Row> sharedIds = shared.select(col("id_type").as("s_type"), col("id_value").as("s_value"));
    Dataset<Row> seen = edges.select(col("from_id_type").as("s_type"), col("from_id_value").as("s_value"),
            col("dst").as("owner"), col("to_id_value").as("owner_value"), col("records"))
        .union(edges.select(col("to_id_type"), col("to_id_value"), col("src"), col("from_id_value"), col("records")))
        .join(sharedIds, new String[] {"s_type", "s_value"})
        .join(placed.select(col("node").as("owner"), col("group_id")), "owner")
        .withColumn("rank", row_number().over(Window.partitionBy("s_type", "s_value")
            .orderBy(col("records").desc(), col("owner_value"))));
    return seen.where(col("rank").equalTo(1))
        .select(col("s_type").as("id_type"), col("s_value").as("id_value"),
            xxhash64(col("s_type"), col("s_value")).as("node"), col("group_id"), lit("shared:most-frequent").as("rule"));
  }
}
