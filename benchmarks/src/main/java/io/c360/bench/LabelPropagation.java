package io.c360.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.min;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Connected components by iterative minimum-label propagation: every node repeatedly takes the
 * smallest label among itself and its neighbours until nothing changes, so a component needs as
 * many rounds as its diameter. This is what warehouse-native stitchers run in SQL; c360 keeps it
 * as the benchmark's baseline and uses
 * {@link io.c360.identity.LargeStarSmallStar}. Each round is checkpointed
 * locally so the plan does not grow with the number of rounds.
 */
final class LabelPropagation {
  record Result(Dataset<Row> labels, int rounds) {}

  private LabelPropagation() {}

  /**
   * @param nodes one column {@code node} (long)
   * @param edges columns {@code src}, {@code dst} (long)
   * @return {@code node}, {@code component}: the smallest node id of its component
   */
  static Result of(Dataset<Row> nodes, Dataset<Row> edges) {
    Dataset<Row> adjacency = edges.select(col("src"), col("dst"))
        .union(edges.select(col("dst").as("src"), col("src").as("dst")))
        .distinct()
        .localCheckpoint(true);
    Dataset<Row> labels = nodes.select(col("node"), col("node").as("label")).distinct().localCheckpoint(true);
    int rounds = 0;
    while (true) {
      rounds++;
      Dataset<Row> proposed = adjacency.join(labels, adjacency.col("src").equalTo(labels.col("node")))
          .select(adjacency.col("dst").as("node"), labels.col("label"))
          .union(labels)
          .groupBy("node").agg(min("label").as("label"))
          .localCheckpoint(true);
      long changed = proposed.as("p").join(labels.as("l"), "node")
          .where(col("p.label").lt(col("l.label"))).count();
      labels = proposed;
      if (changed == 0) {
        break;
      }
    }
    return new Result(labels.withColumnRenamed("label", "component"), rounds);
  }
}
