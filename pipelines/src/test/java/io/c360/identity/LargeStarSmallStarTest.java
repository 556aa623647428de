package io.c360.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.c360.testing.TestLakehouses;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Large-star/small-star against a union-find on random graphs, with and without AQE. (Label
 * propagation, the benchmark's baseline, is checked against both in ComponentsBenchmarkTest; as
 * this test's reference it cost about 20 Spark rounds.)
 */
class LargeStarSmallStarTest {
  private static final StructType EDGES = new StructType().add("src", "long").add("dst", "long");

  @org.junit.jupiter.api.io.TempDir
  java.nio.file.Path dir;

  private SparkSession spark;

  @org.junit.jupiter.api.BeforeEach
  void open() {
    spark = TestLakehouses.open(dir.resolve("landing"), dir.resolve("lake"), TestLakehouses.newCatalog(), List.of())
        .spark();
  }

  /** Random forest of chains, stars and cycles over 3,000 nodes, plus isolated pairs. */
  private Dataset<Row> graph(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 4_000; i++) {
      long a = r.nextLong(3_000);
      long b = r.nextInt(10) < 7 ? a + 1 + r.nextLong(3) : r.nextLong(3_000); // mostly local: chains
      rows.add(RowFactory.create(a * 7919 % 100_003 - 50_000, b * 7919 % 100_003 - 50_000)); // scattered, negative ids
    }
    for (long i = 0; i < 200; i++) {
      rows.add(RowFactory.create(1_000_000 + 2 * i, 1_000_001 + 2 * i));
    }
    return spark.createDataFrame(rows, EDGES);
  }

  /** Each node of the edges with the smallest node of its component, by node: a plain union-find. */
  private static List<Row> components(List<Row> edges) {
    java.util.TreeMap<Long, Long> parent = new java.util.TreeMap<>();
    for (Row e : edges) {
      long a = root(parent, e.getLong(0));
      long b = root(parent, e.getLong(1));
      parent.put(Math.max(a, b), Math.min(a, b));
    }
    List<Row> out = new ArrayList<>();
    for (Long node : parent.keySet()) {
      out.add(RowFactory.create(node, root(parent, node)));
    }
    return out;
  }

  private static long root(java.util.Map<Long, Long> parent, long node) {
    parent.putIfAbsent(node, node);
    long at = node;
    while (parent.get(at) != at) {
      at = parent.get(at);
    }
    return at;
  }

  @Test
  void givesTheSamePartitionAsAUnionFindWithAndWithoutAdaptiveExecution() {
    Dataset<Row> edges = graph(42).localCheckpoint(true);
    List<Row> expected = components(edges.collectAsList());
    String aqe = spark.conf().get("spark.sql.adaptive.enabled");
    try {
      for (String enabled : List.of("true", "false")) {
        spark.conf().set("spark.sql.adaptive.enabled", enabled);
        // Rounds to the end; rounds until few edges are left, then a union-find on the driver; and
        // the whole graph (4,200 edges) on the driver at once.
        for (long driverFinish : List.of(0L, 1_000L, 10_000L)) {
          LargeStarSmallStar.Result result = LargeStarSmallStar.of(edges, driverFinish);
          assertThat(result.components().orderBy("node").collectAsList())
              .as("AQE " + enabled + ", driver finish below " + driverFinish).isEqualTo(expected);
          assertThat(result.rounds()).isLessThan(15);
          if (driverFinish == 10_000L) {
            assertThat(result.rounds()).isZero();
          } else {
            assertThat(result.rounds()).isPositive();
          }
        }
      }
    } finally {
      spark.conf().set("spark.sql.adaptive.enabled", aqe);
    }
  }
}
