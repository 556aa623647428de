package io.c360.bench;

import static org.apache.spark.sql.functions.col;

import io.c360.identity.LargeStarSmallStar;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.graphx.Edge;
import org.apache.spark.graphx.Graph;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Connected components on generated identity-like edge lists, in one process on the same edges:
 * c360's {@link LargeStarSmallStar}, iterative minimum-label propagation in Spark SQL
 * ({@link LabelPropagation}, what warehouse-native stitchers run) and GraphX's
 * {@code connectedComponents}. All three must find the same partition (each names a component by
 * its smallest node), or the run fails.
 *
 * <p>The graphs look like identity graphs: mostly people with two to eight identifiers joined as
 * random trees, 3% longer chains of 21 identifiers (a cookie handed on from device to device), and
 * one large component holding 0.5% of the edges (a random tree, like a weakly linked household
 * cluster before rules split it). Node ids are 64-bit hashes, as in the identity step.
 */
final class ComponentsBenchmark {
  /** One algorithm on one graph. */
  public record Measurement(long edges, long nodes, long components, String algorithm, double seconds, int rounds) {}

  private static final StructType COMPONENTS = new StructType().add("node", "long").add("component", "long");

  private final SparkSession spark;

  public ComponentsBenchmark(SparkSession spark) {
    this.spark = spark;
  }

  /** An edge list of about {@code edges} edges ({@code src}, {@code dst}), the same for a seed. */
  public Dataset<Row> graph(long edges, long seed) {
    long giant = Math.max(10, edges / 200);
    long components = Math.max(1, (edges - giant) * 100 / 448); // 4.48 edges per component on average
    Dataset<Row> small = spark.range(components).toDF("c").selectExpr("c",
            "case when pmod(xxhash64(c, " + seed + "), 100) < 3 then 21 "
                + "else 2 + pmod(xxhash64(c, " + seed + ", 1), 7) end as size",
            "pmod(xxhash64(c, " + seed + "), 100) < 3 as chain")
        .selectExpr("c", "chain", "explode(sequence(1, size - 1)) as i")
        .selectExpr("xxhash64(" + seed + ", c, i) as src",
            "xxhash64(" + seed + ", c, case when chain then i - 1 else pmod(xxhash64(c, i, " + seed + "), i) end) as dst");
    Dataset<Row> large = spark.range(1, giant + 1).toDF("i")
        .selectExpr("xxhash64(" + seed + ", -1, i) as src",
            "xxhash64(" + seed + ", -1, pmod(xxhash64(-1, i, " + seed + "), i)) as dst");
    return small.union(large);
  }

  /**
   * Runs the three algorithms on graphs of {@code baseEdges} edges and {@code sizes - 1} more,
   * each four times the last, after a warm-up on a small graph.
   */
  public List<Measurement> run(long baseEdges, int sizes, PrintStream progress) {
    measure(graph(Math.max(1000, baseEdges / 64), 99).localCheckpoint(true)); // warm-up: JIT, first jobs
    List<Measurement> all = new ArrayList<>();
    long edges = baseEdges;
    for (int s = 0; s < sizes; s++, edges *= 4) {
      List<Measurement> size = measure(graph(edges, 7).localCheckpoint(true));
      size.forEach(m -> progress.printf(Locale.ROOT, "  %,d edges: %s %.1f s%n", m.edges(), m.algorithm(), m.seconds()));
      all.addAll(size);
    }
    return all;
  }

  /** The three algorithms on one graph; fails if their partitions differ. */
  public List<Measurement> measure(Dataset<Row> edges) {
    long edgeCount = edges.count();
    Dataset<Row> nodes = edges.select(col("src").as("node")).union(edges.select(col("dst").as("node"))).distinct()
        .localCheckpoint(true);
    long nodeCount = nodes.count();

    long start = System.nanoTime();
    LargeStarSmallStar.Result lss = LargeStarSmallStar.of(edges);
    Dataset<Row> c360 = lss.components().localCheckpoint(true);
    double c360Seconds = seconds(start);

    start = System.nanoTime();
    LabelPropagation.Result lp = LabelPropagation.of(nodes, edges);
    Dataset<Row> propagated = lp.labels().localCheckpoint(true);
    double lpSeconds = seconds(start);

    start = System.nanoTime();
    Dataset<Row> graphx = graphx(edges).localCheckpoint(true);
    double graphxSeconds = seconds(start);

    long components = c360.select("component").distinct().count();
    same(c360, propagated, "label propagation");
    same(c360, graphx, "GraphX");
    return List.of(
        new Measurement(edgeCount, nodeCount, components, "c360 large-star/small-star", c360Seconds, lss.rounds()),
        new Measurement(edgeCount, nodeCount, components, "label propagation (Spark SQL)", lpSeconds, lp.rounds()),
        new Measurement(edgeCount, nodeCount, components, "GraphX connectedComponents", graphxSeconds, -1));
  }

  /**
   * Each algorithm's measurement with the median time over {@code rounds} of {@link #measure} on
   * one graph (the lower middle one for an even count): a second or two measured once is mostly
   * whatever else the JVM did then.
   */
  public static List<Measurement> median(List<List<Measurement>> rounds) {
    if (rounds.isEmpty()) {
      throw new IllegalArgumentException("no rounds measured");
    }
    List<Measurement> out = new ArrayList<>();
    for (int a = 0; a < rounds.get(0).size(); a++) {
      int algorithm = a;
      List<Measurement> times = new ArrayList<>(rounds.stream().map(r -> r.get(algorithm)).toList());
      times.sort(java.util.Comparator.comparingDouble(Measurement::seconds));
      out.add(times.get((times.size() - 1) / 2));
    }
    return out;
  }

  private static void same(Dataset<Row> expected, Dataset<Row> actual, String name) {
    long missing = expected.exceptAll(actual).count();
    long extra = actual.exceptAll(expected).count();
    if (missing + extra > 0) {
      throw new IllegalStateException(name + " found another partition than c360: " + missing + " node labels differ");
    }
  }

  private Dataset<Row> graphx(Dataset<Row> edges) {
    ClassTag<Object> any = ClassTag$.MODULE$.apply(Object.class);
    JavaRDD<Edge<Object>> rdd = edges.javaRDD().map(r -> new Edge<Object>(r.getLong(0), r.getLong(1), Boolean.TRUE));
    Graph<Object, Object> graph = Graph.fromEdges(rdd.rdd(), (Object) Boolean.TRUE,
        StorageLevel.MEMORY_AND_DISK(), StorageLevel.MEMORY_AND_DISK(), any, any);
    Graph<Object, Object> components = org.apache.spark.graphx.lib.ConnectedComponents.run(graph, any, any);
    JavaRDD<Row> rows = components.vertices().toJavaRDD()
        .map(t -> RowFactory.create((Long) t._1(), (Long) t._2()));
    return spark.createDataFrame(rows, COMPONENTS);
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  /** A table of the measurements, with each baseline's time as a multiple of c360's on the same graph. */
  public static void print(List<Measurement> results, PrintStream out) {
    out.printf(Locale.ROOT, "%-12s %-12s %-12s %-31s %9s %7s %12s %8s%n", "edges", "nodes", "components",
        "algorithm", "seconds", "rounds", "edges/s", "vs c360");
    double c360 = 0;
    for (Measurement m : results) {
      if (m.algorithm().startsWith("c360")) {
        c360 = m.seconds();
      }
      out.printf(Locale.ROOT, "%-12s %-12s %-12s %-31s %9.1f %7s %12s %7.2fx%n", String.format(Locale.ROOT, "%,d",
          m.edges()), String.format(Locale.ROOT, "%,d", m.nodes()), String.format(Locale.ROOT, "%,d", m.components()),
          m.algorithm(), m.seconds(), m.rounds() < 0 ? "-" : Integer.toString(m.rounds()),
          String.format(Locale.ROOT, "%,.0f", m.edges() / m.seconds()), m.seconds() / c360);
    }
  }
}
