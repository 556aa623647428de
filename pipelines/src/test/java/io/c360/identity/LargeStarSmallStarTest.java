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

/** Large-star/small-star against label propagation on random graphs, with and without AQE. */
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

  @Test
  void givesTheSamePartitionAsLabelPropagationWithAndWithoutAdaptiveExecution() {
    Dataset<Row> edges = graph(42).localCheckpoint(true);
    Dataset<Row> nodes = edges.selectExpr("src as node").union(edges.selectExpr("dst as node")).distinct();
    List<Row> expected = LabelPropagation.of(nodes, edges).labels().orderBy("node").collectAsList();
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
