package io.c360.identity;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import io.c360.lake.Lakehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Scores gold.identity_map against the generator's answer key ({@code ground_truth/}): pairwise
 * precision (of the pairs of identifiers put in one customer, how many belong to one person),
 * recall (of the pairs belonging to one person, how many were put in one customer) and F1, over
 * the identifiers both know. Recall is given twice: over every identifier in the map, and over the
 * identifiers seen with at least one other identifier (a device that never logged in cannot be
 * linked by any method).
 */
public final class IdentityEvaluation {
  /** The counts behind the scores. */
  public record Scores(long identifiers, long persons, long customers, long truePairs, long predictedPairs,
      long actualPairs, long evidencedTruePairs, long evidencedActualPairs, long largestCustomer,
      String largestCustomerId, long sharedFound, long sharedInTruth, long sharedInTruthFound, List<String> shared) {

    public double precision() {
      return predictedPairs == 0 ? 1.0 : (double) truePairs / predictedPairs;
    }

    public double recall() {
      return actualPairs == 0 ? 1.0 : (double) truePairs / actualPairs;
    }

    /** Recall over identifiers seen with at least one other. */
    public double evidencedRecall() {
      return evidencedActualPairs == 0 ? 1.0 : (double) evidencedTruePairs / evidencedActualPairs;
    }

    public double f1() {
      double p = precision();
      double r = evidencedRecall();
      return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public String report() {
      StringBuilder out = new StringBuilder();
      out.append(String.format(Locale.ROOT, "identifiers scored        %,d (in gold.identity_map and the answer key)%n",
          identifiers));
      out.append(String.format(Locale.ROOT, "clusters                  %,d people, %,d customers%n", persons, customers));
      out.append(String.format(Locale.ROOT, "pairwise precision        %.4f (%,d of %,d predicted pairs)%n", precision(),
          truePairs, predictedPairs));
      out.append(String.format(Locale.ROOT, "pairwise recall           %.4f (%,d of %,d true pairs)%n", recall(),
          truePairs, actualPairs));
      out.append(String.format(Locale.ROOT,
          "recall, linkable ids      %.4f (%,d of %,d true pairs among identifiers seen with another)%n",
          evidencedRecall(), evidencedTruePairs, evidencedActualPairs));
      out.append(String.format(Locale.ROOT, "F1 (linkable)             %.4f%n", f1()));
      out.append(String.format(Locale.ROOT, "largest customer          %,d identifiers (%s)%n", largestCustomer,
          largestCustomerId));
      out.append(String.format(Locale.ROOT,
          "shared identifiers        %,d refused as shared; the answer key has %,d shared devices, %,d of them found%n",
          sharedFound, sharedInTruth, sharedInTruthFound));
      shared.forEach(s -> out.append("  ").append(s).append('\n'));
      return out.toString();
    }
  }

  private IdentityEvaluation() {}

  public static Scores evaluate(Lakehouse lake, Path truthDir) {
    Path identifiers = truthDir.resolve("identifiers.csv");
    if (!Files.isRegularFile(identifiers)) {
      throw new io.c360.config.ConfigException(truthDir + ": not a ground_truth folder (no identifiers.csv)");
    }
    Dataset<Row> truth = lake.spark().read().option("header", "true").csv(identifiers.toString())
        .select("id_type", "id_value", "person_id");
    Dataset<Row> map = lake.read(IdentityStep.IDENTITY_MAP).select("id_type", "id_value", "customer_id");
    Dataset<Row> edges = lake.read(IdentityStep.EDGES);
    Dataset<Row> evidenced = edges.select(col("from_id_type").as("id_type"), col("from_id_value").as("id_value"))
        .union(edges.select(col("to_id_type"), col("to_id_value"))).distinct();
    Dataset<Row> matched = map.join(truth, new String[] {"id_type", "id_value"})
        .join(evidenced.withColumn("evidenced", lit(true)), new String[] {"id_type", "id_value"}, "left")
        .localCheckpoint(true);
    long[] all = pairs(matched);
    long[] linkable = pairs(matched.where(col("evidenced")));
    Row largest = lake.read(IdentityStep.IDENTITY_MAP).groupBy("customer_id").agg(count(lit(1)).as("n"))
        .orderBy(col("n").desc(), col("customer_id")).first();
    Dataset<Row> found = lake.read(IdentityStep.SHARED).select("id_type", "id_value", "linked_type", "linked_count");
    Path junkFile = truthDir.resolve("junk_identifiers.csv");
    Dataset<Row> trueShared = Files.isRegularFile(junkFile)
        ? lake.spark().read().option("header", "true").csv(junkFile.toString()).where(col("kind").equalTo("shared"))
            .select("id_type", "id_value")
        : found.select("id_type", "id_value").limit(0);
    List<String> listed = found.orderBy(col("linked_count").desc(), col("id_type"), col("id_value")).limit(20)
        .collectAsList().stream()
        .map(r -> r.getString(0) + ":" + r.getString(1) + " (seen with " + r.getLong(3) + " " + r.getString(2) + ")")
        .toList();
    return new Scores(matched.count(), matched.select("person_id").distinct().count(),
        matched.select("customer_id").distinct().count(), all[0], all[1], all[2], linkable[0], linkable[2],
        largest == null ? 0 : largest.getLong(1), largest == null ? "none" : largest.getString(0), found.count(),
        trueShared.count(), trueShared.join(found, new String[] {"id_type", "id_value"}, "left_semi").count(), listed);
  }

  /** Pairs in one customer and one person, in one customer, and in one person. */
  private static long[] pairs(Dataset<Row> matched) {
    matched.createOrReplaceTempView("c360_evaluation_matched");
    Row r = matched.sparkSession().sql("""
        with cells as (
            select customer_id, person_id, count(*) as n from c360_evaluation_matched group by customer_id, person_id
        ),
        predicted as (select sum(n) as n from cells group by customer_id),
        actual as (select sum(n) as n from cells group by person_id)
        select
            coalesce((select sum(n * (n - 1) div 2) from cells), 0),
            coalesce((select sum(n * (n - 1) div 2) from predicted), 0),
            coalesce((select sum(n * (n - 1) div 2) from actual), 0)
        """).first();
    return new long[] {r.getLong(0), r.getLong(1), r.getLong(2)};
  }
}
