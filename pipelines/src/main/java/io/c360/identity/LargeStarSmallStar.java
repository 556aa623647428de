package io.c360.identity;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Connected components by alternating large-star and small-star operations (Kiveris et al.,
 * "Connected Components in MapReduce and Beyond", SoCC 2014). Each operation rewires every node's
 * neighbourhood towards the smallest node id it sees; after O(log n) rounds every component is a
 * star around its smallest node, whatever its shape (a long chain needs as few rounds as a star,
 * where label propagation needs as many as the chain's diameter).
 *
 * <p>Edges are kept as (a, b) with a &gt; b. Every operation's output is checkpointed locally, so
 * the plan of a round never grows with the rounds before it. The operations are minimums,
 * distincts and equi-joins: deterministic, so adaptive query execution (which re-plans joins and
 * partitions) cannot change the result, only its speed.
 */
final class LargeStarSmallStar {
  /**
   * @param components {@code node}, {@code component} (the smallest node id of its component), one
   *     row per node that has an edge
   * @param rounds large-star/small-star rounds until every component was a star
   */
  record Result(Dataset<Row> components, int rounds) {}

  private LargeStarSmallStar() {}

  /** @param edges {@code src}, {@code dst} (long), undirected; self-loops and duplicates allowed */
  static Result of(Dataset<Row> edges) {
    Dataset<Row> e = edges.where(col("src").notEqual(col("dst")))
        .select(greatest("src", "dst").as("a"), least(col("src"), col("dst")).as("b"))
        .distinct()
        .localCheckpoint(true);
    int rounds = 0;
    while (true) {
      rounds++;
      e = smallStar(largeStar(e));
      if (isStars(e)) {
        break;
      }
    }
    Dataset<Row> children = e.select(col("a").as("node"), col("b").as("component"));
    Dataset<Row> roots = e.select(col("b").as("node"), col("b").as("component")).distinct();
    return new Result(children.union(roots), rounds);
  }

  private static org.apache.spark.sql.Column greatest(String x, String y) {
    return org.apache.spark.sql.functions.greatest(col(x), col(y));
  }

  /**
   * Large-star: every node u connects each larger neighbour to the smallest node among u and its
   * neighbours.
   */
  private static Dataset<Row> largeStar(Dataset<Row> e) {
    Dataset<Row> both = e.select(col("a").as("u"), col("b").as("v"))
        .union(e.select(col("b").as("u"), col("a").as("v")));
    Dataset<Row> smallest = both.groupBy("u").agg(min("v").as("m"))
        .select(col("u"), least(col("u"), col("m")).as("m"));
    return both.where(col("v").gt(col("u")))
        .join(smallest, "u")
        .select(col("v").as("a"), col("m").as("b"))
        .distinct()
        .localCheckpoint(true);
  }

  /**
   * Small-star: every node u connects itself and each smaller neighbour to the smallest of them.
   */
  private static Dataset<Row> smallStar(Dataset<Row> e) {
    Dataset<Row> smallest = e.groupBy("a").agg(min("b").as("m"));
    Dataset<Row> neighbours = e.join(smallest, "a")
        .where(col("b").notEqual(col("m")))
        .select(col("b").as("a"), col("m").as("b"));
    return neighbours.union(smallest.select(col("a"), col("m").as("b")))
        .distinct()
        .localCheckpoint(true);
  }

  /**
   * Whether every component is a star: each node has one parent, and no parent has one. Then each
   * parent is its component's smallest node.
   */
  private static boolean isStars(Dataset<Row> e) {
    Dataset<Row> parents = e.groupBy("a").agg(count(lit(1)).as("n"), min("b").as("p"));
    Dataset<Row> withParentOfParent = parents.join(
        e.select(col("a").as("p"), lit(true).as("has_parent")).distinct(), new String[] {"p"}, "left");
    Row check = withParentOfParent.agg(max(when(col("n").gt(1).or(col("has_parent").isNotNull()), 1)
        .otherwise(0))).first();
    return check.isNullAt(0) || check.getInt(0) == 0;
  }
}
