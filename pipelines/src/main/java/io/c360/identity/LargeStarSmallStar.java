package io.c360.identity;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Connected components by alternating large-star and small-star operations (Kiveris et al.,
 * "Connected Components in MapReduce and Beyond", SoCC 2014). Each operation rewires every node's
 * neighbourhood towards the smallest node id it sees; after O(log n) rounds every component is a
 * star around its smallest node, whatever its shape (a long chain needs as few rounds as a star,
 * where label propagation needs as many as the chain's diameter).
 *
 * <p>Edges are kept as (a, b) with a &gt; b. Each operation is one aggregation by node (one
 * shuffle) whose output is checkpointed locally, so the plan of a round never grows with the rounds
 * before it; whether it changed the edges is read from that output. The operations are minimums
 * and sets: deterministic, so adaptive query execution (which re-plans and re-partitions) cannot
 * change the result, only its speed.
 *
 * <p>Public for the benchmarks module, which compares it with label propagation and GraphX.
 */
public final class LargeStarSmallStar {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LargeStarSmallStar.class);
  /**
   * @param components {@code node}, {@code component} (the smallest node id of its component), one
   *     row per node that has an edge
   * @param rounds large-star/small-star rounds until every component was a star; 0 when the
   *     graph was small enough to be finished on the driver at once
   */
  public record Result(Dataset<Row> components, int rounds) {}

  private LargeStarSmallStar() {}

  /**
   * Below this many edges left to resolve, the rest is finished by a union-find on the driver: the
   * long tail of rounds (long chains, one large component) costs a round's fixed overhead each time
   * for a few edges. 250,000 edges are a few megabytes. A graph this small from the start has no
   * round at all.
   */
  static final long DRIVER_FINISH_EDGES = 250_000;

  /** @param edges {@code src}, {@code dst} (long), undirected; self-loops and duplicates allowed */
  public static Result of(Dataset<Row> edges) {
    return of(edges, DRIVER_FINISH_EDGES);
  }

  static Result of(Dataset<Row> edges, long driverFinishEdges) {
    Dataset<Row> e = edges.where(col("src").notEqual(col("dst")))
        .select(greatest(col("src"), col("dst")).as("a"), least(col("src"), col("dst")).as("b"));
    if (driverFinishEdges > 0) {
      // A graph this small costs less on the driver than one round's shuffles and checkpoints: the
      // daily job's identifier pairs are tens of thousands, mostly small stars around each person.
      // One pass fetches them, or tells by one edge too many that the graph is larger.
      List<Row> few = e.limit((int) Math.min(Integer.MAX_VALUE - 1, driverFinishEdges) + 1).collectAsList();
      if (few.size() <= driverFinishEdges) {
        return new Result(unionFind(e.sparkSession(), few), 0);
      }
    }
    List<Dataset<Row>> done = new ArrayList<>();
    int rounds = 0;
    while (true) {
      rounds++;
      long roundStart = System.nanoTime();
      Dataset<Row> grouped = largeStar(e);
      // Components that are already stars around their smallest node are final: set them aside, so
      // later rounds only work on the components still being resolved. A star's root has no smaller
      // neighbour, and each of its neighbours has the root as its only one.
      Dataset<Row> leaves = grouped.where(col("degree").equalTo(1).and(col("smallest").lt(col("u"))))
          .groupBy(col("smallest").as("u")).agg(count(lit(1)).as("leaves"));
      Dataset<Row> large = grouped.join(leaves, new String[] {"u"}, "left")
          .withColumn("finished", col("m").equalTo(col("u")).and(size(col("larger")).gt(0))
              .and(coalesce(col("leaves"), lit(0L)).equalTo(size(col("larger")))))
          .localCheckpoint(true);
      Dataset<Row> finished = large.where(col("finished"));
      done.add(finished.select(explode(col("larger")).as("node"), col("u").as("component"))
          .union(finished.select(col("u").as("node"), col("u").as("component"))));
      Dataset<Row> active = large.where(not(col("finished")));
      Dataset<Row> small = smallStar(active.select(explode(col("larger")).as("a"), col("m").as("b")));
      e = small.select(explode(col("members")).as("a"), col("m").as("b")).where(col("a").notEqual(col("b")));
      Row state = small.agg(max(col("changed").cast("int")), sum(size(col("members")).minus(1))).first();
      boolean changed = changed(large) || (!state.isNullAt(0) && state.getInt(0) == 1);
      long left = state.isNullAt(1) ? 0 : state.getLong(1);
      LOG.debug("round {}: {} edges left, {} ms", rounds, left, (System.nanoTime() - roundStart) / 1_000_000);
      if (!changed) { // every remaining component is a star around its smallest node
        break;
      }
      if (left <= driverFinishEdges) {
        done.add(unionFind(e.sparkSession(), e.collectAsList()));
        e = e.limit(0);
        break;
      }
    }
    Dataset<Row> children = e.select(col("a").as("node"), col("b").as("component"));
    Dataset<Row> roots = e.select(col("b").as("node"), col("b").as("component")).distinct();
    Dataset<Row> all = children.union(roots);
    for (Dataset<Row> d : done) {
      all = all.union(d);
    }
    return new Result(all, rounds);
  }

  /** The components of a few edges, by a union-find on the driver: each node with its smallest node. */
  private static Dataset<Row> unionFind(org.apache.spark.sql.SparkSession spark, List<Row> e) {
    java.util.HashMap<Long, Long> parent = new java.util.HashMap<>();
    for (Row r : e) {
      long a = find(parent, r.getLong(0));
      long b = find(parent, r.getLong(1));
      if (a != b) { // the smaller id becomes the root: roots are each component's smallest node
        parent.put(Math.max(a, b), Math.min(a, b));
      }
    }
    List<Row> rows = new ArrayList<>(parent.size());
    for (Long node : parent.keySet()) {
      rows.add(RowFactory.create(node, find(parent, node)));
    }
    return spark.createDataFrame(rows, new StructType().add("node", "long").add("component", "long"));
  }

  private static long find(java.util.Map<Long, Long> parent, long node) {
    long root = node;
    Long p;
    while ((p = parent.get(root)) != null && p != root) {
      root = p;
    }
    parent.putIfAbsent(node, node);
    long at = node; // path compression
    while (at != root) {
      long next = parent.get(at);
      parent.put(at, root);
      at = next;
    }
    return root;
  }

  /**
   * Large-star, grouped by node u over its neighbours in both directions: {@code m} is the
   * smallest of u and its neighbours, {@code larger} the neighbours above u, each of which the
   * operation connects to m. It changed the edges when m is not u and u has larger neighbours.
   * One shuffle, then each partition sorted and walked once per node (20 % faster than a
   * {@code collect_set} aggregation at 4M edges); checkpointed.
   */
  private static Dataset<Row> largeStar(Dataset<Row> e) {
    Dataset<Row> both = e.select(col("a").as("u"), col("b").as("v"))
        .union(e.select(col("b").as("u"), col("a").as("v")));
    return both.repartition(col("u")).sortWithinPartitions("u", "v")
        .mapPartitions(LargeStarSmallStar::largeStarGroups, Encoders.row(LARGE))
        .localCheckpoint(true);
  }

  /**
   * Small-star, grouped by node a over its smaller neighbours: {@code m} is the smallest of them,
   * and a with each of them ({@code members}) is connected to m. It changed the edges when a had
   * more than one smaller neighbour. One shuffle, sorted and walked like large-star; checkpointed.
   */
  private static Dataset<Row> smallStar(Dataset<Row> e) {
    return e.repartition(col("a")).sortWithinPartitions("a", "b")
        .mapPartitions(LargeStarSmallStar::smallStarGroups, Encoders.row(SMALL))
        .localCheckpoint(true);
  }

  private static boolean changed(Dataset<Row> grouped) {
    return !grouped.where(col("changed")).isEmpty();
  }

  private static final StructType LARGE = new StructType().add("u", "long").add("smallest", "long")
      .add("degree", "int").add("m", "long").add("larger", "array<long>").add("changed", "boolean");
  private static final StructType SMALL = new StructType().add("m", "long").add("members", "array<long>")
      .add("changed", "boolean");

  /** Large-star over rows (u, v) sorted by u then v: one output row per u. */
  private static java.util.Iterator<Row> largeStarGroups(java.util.Iterator<Row> rows) {
    return new Groups(rows) {
      @Override
      Row group(long u, long[] vs, int n) {
        long smallest = vs[0];
        long m = Math.min(u, smallest);
        int firstLarger = 0;
        while (firstLarger < n && vs[firstLarger] <= u) {
          firstLarger++;
        }
        Long[] larger = new Long[n - firstLarger];
        for (int i = firstLarger; i < n; i++) {
          larger[i - firstLarger] = vs[i];
        }
        return RowFactory.create(u, smallest, n, m, seq(larger), m != u && larger.length > 0);
      }
    };
  }

  /** Small-star over rows (a, b) sorted by a then b: one output row per a. */
  private static java.util.Iterator<Row> smallStarGroups(java.util.Iterator<Row> rows) {
    return new Groups(rows) {
      @Override
      Row group(long a, long[] bs, int n) {
        Long[] members = new Long[n + 1];
        for (int i = 0; i < n; i++) {
          members[i] = bs[i];
        }
        members[n] = a;
        return RowFactory.create(bs[0], seq(members), n > 1);
      }
    };
  }

  private static scala.collection.immutable.Seq<Long> seq(Long[] values) {
    return scala.jdk.javaapi.CollectionConverters.asScala(java.util.Arrays.asList(values)).toSeq();
  }

  /** Walks rows (key, value) sorted by key then value, one call per key with its distinct values. */
  private abstract static class Groups implements java.util.Iterator<Row> {
    private final java.util.Iterator<Row> rows;
    private Row pending;
    private long[] values = new long[16];

    Groups(java.util.Iterator<Row> rows) {
      this.rows = rows;
      this.pending = rows.hasNext() ? rows.next() : null;
    }

    abstract Row group(long key, long[] values, int n);

    @Override
    public boolean hasNext() {
      return pending != null;
    }

    @Override
    public Row next() {
      long key = pending.getLong(0);
      int n = 0;
      while (pending != null && pending.getLong(0) == key) {
        long v = pending.getLong(1);
        if (n == 0 || values[n - 1] != v) {
          if (n == values.length) {
            values = java.util.Arrays.copyOf(values, n * 2);
          }
          values[n++] = v;
        }
        pending = rows.hasNext() ? rows.next() : null;
      }
      return group(key, values, n);
    }
  }
}
