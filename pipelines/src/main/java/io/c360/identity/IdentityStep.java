package io.c360.identity;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.c360.config.IdentityRules;
import io.c360.config.ModelSpec;
import io.c360.model.ModelRun;
import io.c360.model.ModelRunPlan;
import io.c360.model.RunHistory;
import java.util.Optional;
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
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IdentityStep.class);
  public static final TableName EDGES = TableName.of("silver", "identity_edges");
  public static final TableName IDENTITY_MAP = TableName.of("gold", "identity_map");
  public static final TableName MERGES = TableName.of("gold", "identity_merges");
  public static final TableName SHARED = TableName.of("gold", "shared_identifiers");
  public static final TableName REFUSALS = TableName.of("gold", "identity_refusals");
  /** Every customer id retired by a merge, with the current id of its identifiers. */
  public static final TableName ALIASES = TableName.of("gold", "customer_aliases");
  private static final List<String> KEYS = List.of("id_type", "id_value");
  private static final List<String> REFUSAL_KEYS = List.of("from_id_type", "from_id_value", "to_id_type",
      "to_id_value");

  private static final StructType DECISIONS = new StructType()
      .add("kind", DataTypes.StringType, false)
      .add("node", DataTypes.LongType, false)
      .add("group_id", DataTypes.LongType, true)
      .add("rule", DataTypes.StringType, true)
      .add("other", DataTypes.LongType, true)
      .add("detail", DataTypes.StringType, true);

  private final Lakehouse lake;
  private final IdentityRules rules;
  private final RunHistory history;

  public IdentityStep(Lakehouse lake, IdentityRules rules) {
    this(lake, rules, new RunHistory(lake));
  }

  /** @param history the job's run history, shared by its steps */
  public IdentityStep(Lakehouse lake, IdentityRules rules, RunHistory history) {
    this.lake = lake;
    this.rules = rules;
    this.history = history;
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

  /** gold.identity_map's runs, as recorded in ops.model_runs: it reads both silver tables incrementally. */
  static ModelSpec spec() {
    return new ModelSpec(IDENTITY_MAP.toString(), "one row per identifier linked to a customer", KEYS,
        ModelSpec.Strategy.LATEST, List.of(EDGES, IdentifiersStep.IDENTIFIERS), List.of(), List.of(), Optional.empty(),
        Optional.empty(), List.of(), List.of(), List.of());
  }

  private StepResult apply(RunContext run, List<Dataset<Row>> cached) {
    Timestamp now = Timestamp.from(run.startedAt());
    String definition = ModelRun.sha256("identity rules: " + rules.fingerprint());
    ModelRunPlan plan = history.plan(spec(), run, definition);
    // The next run reads pairs after the newest batch silver.identity_edges holds now, not after
    // silver.identifiers': when the edges model is behind (run with --only, or failed), pairs it
    // writes later would carry batches already passed. Identifiers newer than that are touched again.
    Optional<Long> until = history.latestBatch(List.of(EDGES));
    boolean full = plan.replace() || !lake.exists(SHARED) || !lake.exists(REFUSALS);

    Dataset<Row> nodes = keep(cached, lake.read(IdentifiersStep.IDENTIFIERS)
        .select(col("id_type"), col("id_value"), col("_batch_id"))
        .groupBy("id_type", "id_value").agg(max("_batch_id").as("batch"))
        .withColumn("node", xxhash64(col("id_type"), col("id_value"))));
    Row distinct = nodes.agg(count(lit(1)), countDistinct(col("node"))).first();
    if (distinct.getLong(0) != distinct.getLong(1)) {
      throw new IllegalStateException("identity: " + (distinct.getLong(0) - distinct.getLong(1))
          + " identifiers share a 64-bit node hash with another; stitching them would merge strangers");
    }
    Dataset<Row> edges = keep(cached, pairs(lake.read(EDGES)));
    Scope scope = null;
    if (!full) {
      // Relinking most of the graph through merges costs more than relinking all of it, and the groups are
      // the same: decided on the identifiers the new evidence names, then on their whole components.
      Dataset<Row> touched = touched(nodes, edges, plan.sinceBatch(), cached);
      long relinked = touched.count();
      if (relinked == 0) {
        return unchanged(run, plan, until, definition);
      }
      if (rebuilds(relinked, distinct.getLong(0))) {
        full = true;
      } else {
        scope = scope(edges, touched, now);
        relinked = scope.nodes().count();
        full = rebuilds(relinked, distinct.getLong(0));
        if (!full && relinked == 0) {
          return unchanged(run, plan, until, definition);
        }
      }
    }
    if (full) {
      scope = everything(nodes, edges, now);
    }

    Dataset<Row> sharedNodes = scope.shared().select(xxhash64(col("id_type"), col("id_value")).as("node"));
    Dataset<Row> links = keep(cached, scope.edges()
        .join(sharedNodes.withColumnRenamed("node", "src"), "src", "left_anti")
        .join(sharedNodes.withColumnRenamed("node", "dst"), "dst", "left_anti"));
    Dataset<Row> linkable = scope.nodes().join(sharedNodes, "node", "left_anti");

    LargeStarSmallStar.Result cc = LargeStarSmallStar.of(links.select("src", "dst"));
    Dataset<Row> members = linkable.join(cc.components(), new String[] {"node"}, "left")
        .withColumn("component", coalesce(col("component"), col("node")));

    // Checkpointed: what the step writes must not be recomputed from tables it has already rewritten.
    Dataset<Row> decisions = decide(members, links).localCheckpoint(true);
    Dataset<Row> placed = members.join(decisions.where(col("kind").equalTo("placement"))
            .select(col("node"), col("group_id"), col("rule")), new String[] {"node"}, "left")
        .select(col("id_type"), col("id_value"), col("node"), coalesce(col("group_id"), col("node")).as("group_id"),
            coalesce(col("rule"), lit("single")).as("rule"), col("component").as("component_id"))
        .localCheckpoint(true);

    Dataset<Row> refusals = decisions.where(col("kind").equalTo("refusal"))
        .join(nodes.select(col("node"), col("id_type").as("from_id_type"), col("id_value").as("from_id_value")), "node")
        .join(nodes.select(col("node").as("other"), col("id_type").as("to_id_type"), col("id_value").as("to_id_value")),
            "other")
        .select(col("from_id_type"), col("from_id_value"), col("to_id_type"), col("to_id_value"), col("rule"),
            col("detail"), lit(run.runId()).as("run_id"), lit(now).as("decided_at"));

    StableIds.Outcome ids = new StableIds(lake).assign(placed, links, run, now);
    Dataset<Row> mapRows = ids.identityMap().localCheckpoint(true);
    if (full) {
      lake.overwrite(IDENTITY_MAP, mapRows);
      lake.overwrite(REFUSALS, refusals);
    } else {
      Dataset<Row> scoped = scope.nodes().select("id_type", "id_value")
          .union(scope.shared().select("id_type", "id_value"));
      lake.replaceKeys(IDENTITY_MAP, KEYS, scoped, mapRows);
      Dataset<Row> earlier = lake.read(REFUSALS);
      Dataset<Row> touchingScope = earlier.join(scoped.select(col("id_type").as("from_id_type"),
              col("id_value").as("from_id_value")), new String[] {"from_id_type", "from_id_value"}, "left_semi")
          .unionByName(earlier.join(scoped.select(col("id_type").as("to_id_type"), col("id_value").as("to_id_value")),
              new String[] {"to_id_type", "to_id_value"}, "left_semi"));
      lake.replaceKeys(REFUSALS, REFUSAL_KEYS, touchingScope, refusals);
    }
    Dataset<Row> shared = keep(cached, scope.allShared());
    if (rules.attachShared() == IdentityRules.SharedAttachment.MOST_FREQUENT) {
      attachShared(shared, edges, now);
    }
    lake.overwrite(SHARED, shared.join(lake.read(IDENTITY_MAP).select(col("id_type"), col("id_value"),
        col("customer_id").as("attached_to")), new String[] {"id_type", "id_value"}, "left"));
    StableIds.record(lake, ids.changes());

    Row figures = mapFigures();
    long scoped = placed.count();
    history.record(IDENTITY_MAP.toString(), run, full ? "identity-full" : "identity-incremental", full,
        plan.sinceBatch(), until, scoped, 0, figures.getLong(0), definition);
    return result(distinct.getLong(0), figures.getLong(0), figures, scoped, cc.rounds(), full);
  }

  /** No new pair and no new identifier since the last run: every identity table stands as it is. */
  private StepResult unchanged(RunContext run, ModelRunPlan plan, Optional<Long> until, String definition) {
    Row figures = mapFigures();
    history.record(IDENTITY_MAP.toString(), run, "identity-incremental", false, plan.sinceBatch(), until, 0, 0,
        figures.getLong(0), definition);
    return result(0, 0, figures, 0, 0, false);
  }

  /** gold.identity_map's rows, customers and identifiers linked to another. */
  private Row mapFigures() {
    return lake.read(IDENTITY_MAP).agg(count(lit(1)), countDistinct(col("customer_id")),
        count(when(col("rule").notEqual("single"), 1))).first();
  }

  /** @param rebuilt the graph was linked anew rather than merged (a figure: 1 or 0) */
  private StepResult result(long read, long written, Row figures, long relinked, int rounds, boolean rebuilt) {
    long sharedCount = lake.read(SHARED).count();
    return StepResult.of(read, written, sharedCount)
        .with("customers", figures.getLong(1))
        .with("identifiers_stitched", figures.getLong(2))
        .with("identifiers_relinked", relinked)
        .with("shared_identifiers", sharedCount)
        .with("refused_links", lake.read(REFUSALS).count())
        .with("rounds", rounds)
        .with("rebuilt", rebuilt ? 1 : 0);
  }

  /**
   * What a run links: identifiers ({@code id_type}, {@code id_value}, {@code node}), pairs, and the
   * shared identifiers among them; {@code allShared} is every shared identifier after the run.
   */
  private record Scope(Dataset<Row> nodes, Dataset<Row> edges, Dataset<Row> shared, Dataset<Row> allShared) {}

  private Scope everything(Dataset<Row> nodes, Dataset<Row> edges, Timestamp now) {
    Dataset<Row> shared = new SharedIdentifiers(rules).find(edges, now);
    if (lake.exists(SHARED)) { // keep when each was first found
      shared = keepDetectedAt(shared, lake.read(SHARED));
    }
    shared = shared.localCheckpoint(true);
    return new Scope(nodes.select("id_type", "id_value", "node"), edges, shared, shared);
  }

  /** Identifiers observed in batches after {@code since} and both ends of pairs seen in them, with their node. */
  private static Dataset<Row> touched(Dataset<Row> nodes, Dataset<Row> edges, long since, List<Dataset<Row>> cached) {
    Dataset<Row> newEdges = edges.where(col("batch").gt(since));
    return keep(cached, newEdges.select(col("from_id_type").as("id_type"), col("from_id_value").as("id_value"))
        .union(newEdges.select(col("to_id_type"), col("to_id_value")))
        .union(nodes.where(col("batch").gt(since)).select("id_type", "id_value"))
        .distinct()
        .withColumn("node", xxhash64(col("id_type"), col("id_value"))));
  }

  /** Whether relinking {@code relinked} of the {@code identifiers} is better done as a full relink. */
  private boolean rebuilds(long relinked, long identifiers) {
    boolean all = ModelRunPlan.recomputesEveryone(relinked, identifiers, lake.env().rebuildShare());
    if (all) {
      LOG.info("identity: {} of {} identifiers to relink, more than {} of them; relinking all", relinked, identifiers,
          lake.env().rebuildShare());
    }
    return all;
  }

  /**
   * An incremental run links again only the components the new evidence touches: identifiers
   * observed in new batches and both ends of pairs seen in new records, with every identifier of
   * the components (before Linker splits) they belonged to. A full relink would find the same
   * groups: a component only grows by the new pairs, and links refused earlier stay inside one
   * component. Shared identifiers only become more shared, so only touched ones are checked again.
   */
  private Scope scope(Dataset<Row> edges, Dataset<Row> touched, Timestamp now) {
    Dataset<Row> previous = lake.read(IDENTITY_MAP);
    Dataset<Row> components = previous.join(touched, KEYS.toArray(String[]::new), "left_semi")
        .where(col("component_id").isNotNull()).select("component_id").distinct();
    // Checkpointed, not cached: gold.identity_map is rewritten later in the step, and a cache that
    // lost a block would be recomputed from the new table.
    Dataset<Row> scopeNodes = previous.join(components, "component_id")
        .select(col("id_type"), col("id_value"), xxhash64(col("id_type"), col("id_value")).as("node"))
        .union(touched.select("id_type", "id_value", "node"))
        .distinct()
        .localCheckpoint(true);
    Dataset<Row> inScope = scopeNodes.select("node");
    Dataset<Row> scopeEdges = edges.join(inScope.withColumnRenamed("node", "src"), new String[] {"src"}, "left_semi")
        .join(inScope.withColumnRenamed("node", "dst"), new String[] {"dst"}, "left_semi");
    Dataset<Row> touchedNodes = touched.select("node");
    Dataset<Row> edgesOfTouched = edges.join(touchedNodes.withColumnRenamed("node", "src"), new String[] {"src"},
            "left_semi")
        .unionByName(edges.join(touchedNodes.withColumnRenamed("node", "dst"), new String[] {"dst"}, "left_semi"))
        .distinct();
    Dataset<Row> earlier = lake.read(SHARED).select("id_type", "id_value", "linked_type", "linked_count", "detected_at");
    Dataset<Row> found = keepDetectedAt(new SharedIdentifiers(rules).find(edgesOfTouched, now)
        .join(touched.select("id_type", "id_value"), KEYS.toArray(String[]::new), "left_semi"), earlier);
    Dataset<Row> allShared = earlier.join(found.select("id_type", "id_value"), KEYS.toArray(String[]::new), "left_anti")
        .unionByName(found)
        .localCheckpoint(true);
    Dataset<Row> sharedInScope = allShared.join(scopeNodes.select("id_type", "id_value"), KEYS.toArray(String[]::new),
        "left_semi");
    return new Scope(scopeNodes, scopeEdges, sharedInScope, allShared);
  }

  /** Found shared identifiers, with the time each was first found when it was shared before. */
  private static Dataset<Row> keepDetectedAt(Dataset<Row> found, Dataset<Row> earlier) {
    return found.join(earlier.select(col("id_type"), col("id_value"), col("detected_at").as("first_detected_at")),
            KEYS.toArray(String[]::new), "left")
        .withColumn("detected_at", coalesce(col("first_detected_at"), col("detected_at")))
        .drop("first_detected_at");
  }

  /** One row per linked pair over all sources, with node ids: src, dst, both identifiers, records. */
  private static Dataset<Row> pairs(Dataset<Row> edges) {
    return edges.groupBy("from_id_type", "from_id_value", "to_id_type", "to_id_value")
        .agg(sum("record_count").as("records"), max("_batch_id").as("batch"),
            min("first_seen_at").as("first_seen_at"))
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
        .agg(collect_list(struct(col("src"), col("dst"), col("records"),
            coalesce(org.apache.spark.sql.functions.unix_millis(col("first_seen_at")), lit(0L)))).as("links"));
    Linker linker = new Linker(rules);
    FlatMapFunction<Row, Row> run = row -> {
      List<Linker.Node> ns = new ArrayList<>();
      for (Row n : row.<Row>getList(1)) {
        ns.add(new Linker.Node(n.getLong(0), n.getString(1), n.getString(2)));
      }
      List<Linker.Link> ls = new ArrayList<>();
      for (Row l : row.<Row>getList(2)) {
        ls.add(new Linker.Link(l.getLong(0), l.getLong(1), l.getLong(2), l.getLong(3)));
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
   * Places each shared identifier with the customer of the identifier it was seen with in the most
   * records (ties: the smaller value). It linked nobody, so no one's customer changes; this runs
   * over every shared identifier after linking, the same in full and incremental runs.
   */
  private void attachShared(Dataset<Row> shared, Dataset<Row> edges, Timestamp now) {
    Dataset<Row> sharedIds = shared.select(col("id_type").as("s_type"), col("id_value").as("s_value"));
    Dataset<Row> map = lake.read(IDENTITY_MAP);
    Dataset<Row> owners = map.where(not(col("rule").startsWith("shared"))).select(col("id_type").as("o_type"),
        col("id_value").as("o_value"), col("customer_id"));
    Dataset<Row> seen = edges.select(col("from_id_type").as("s_type"), col("from_id_value").as("s_value"),
            col("to_id_type").as("o_type"), col("to_id_value").as("o_value"), col("records"))
        .union(edges.select(col("to_id_type"), col("to_id_value"), col("from_id_type"), col("from_id_value"),
            col("records")))
        .join(sharedIds, new String[] {"s_type", "s_value"}, "left_semi")
        .join(owners, new String[] {"o_type", "o_value"})
        .withColumn("rank", row_number().over(Window.partitionBy("s_type", "s_value")
            .orderBy(col("records").desc(), col("o_type"), col("o_value"))));
    Dataset<Row> previous = map.select(col("id_type").as("s_type"), col("id_value").as("s_value"),
        col("customer_id").as("previous_id"), col("linked_at").as("previous_linked_at"));
    Dataset<Row> rows = seen.where(col("rank").equalTo(1))
        .join(previous, new String[] {"s_type", "s_value"}, "left")
        .select(col("s_type").as("id_type"), col("s_value").as("id_value"), col("customer_id"),
            when(col("previous_id").equalTo(col("customer_id")), col("previous_linked_at")).otherwise(lit(now))
                .as("linked_at"),
            lit("shared:most-frequent").as("rule"), lit(null).cast(DataTypes.LongType).as("component_id"))
        .localCheckpoint(true);
    lake.replaceKeys(IDENTITY_MAP, KEYS, shared.select("id_type", "id_value"), rows);
  }
}
