package io.c360.profile;

import io.c360.config.LifecycleRules;
import io.c360.config.ProfileRules;
import io.c360.config.RfmRules;
import io.c360.config.SurvivorshipRule;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What gold's SQL models read from conf/profile.yaml: the RFM and lifecycle rules as SQL functions
 * (the decisions are {@link RfmRules} and {@link LifecycleRules}, plain Java) and the survivorship
 * rules as the view {@code survivorship_rules}.
 */
public final class ProfileFunctions {
  private ProfileFunctions() {}

  public static void register(SparkSession spark, ProfileRules rules) {
    RfmRules rfm = rules.rfm();
    LifecycleRules lifecycle = rules.lifecycle();
    spark.udf().register("c360_rfm_recency", (UDF1<Long, Integer>) days -> days == null ? null : rfm.recencyScore(days),
        DataTypes.IntegerType);
    spark.udf().register("c360_rfm_frequency",
        (UDF1<Long, Integer>) orders -> orders == null ? null : rfm.frequencyScore(orders), DataTypes.IntegerType);
    spark.udf().register("c360_rfm_monetary", (UDF1<java.math.BigDecimal, Integer>) revenue -> revenue == null ? null
        : rfm.monetaryScore(revenue.doubleValue()), DataTypes.IntegerType);
    spark.udf().register("c360_rfm_segment", (UDF3<Integer, Integer, Integer, String>) (r, f, m) ->
        r == null || f == null || m == null ? null : rfm.segment(r, f, m).orElse(null), DataTypes.StringType);
    spark.udf().register("c360_lifecycle_stage", (UDF3<Boolean, Long, Long, String>) (known, orders, days) ->
        lifecycle.stage(Boolean.TRUE.equals(known), orders == null ? 0 : orders, days == null ? 0 : days),
        DataTypes.StringType);
    spark.udf().register("c360_is_known_type", (UDF1<String, Boolean>) type -> lifecycle.knownTypes().contains(type),
        DataTypes.BooleanType);
    survivorshipRules(spark, rules);
  }

  /**
   * {@code survivorship_rules}: per attribute its policy and, for source-priority, each listed
   * source's rank (0 first); gold.customer_attributes orders candidates by it.
   */
  private static void survivorshipRules(SparkSession spark, ProfileRules rules) {
    List<Row> rows = new ArrayList<>();
    for (String attribute : ProfileRules.ATTRIBUTES) {
      SurvivorshipRule rule = rules.rule(attribute);
      rows.add(RowFactory.create(attribute, rule.policy().id(), List.copyOf(rule.sources()).toArray(String[]::new)));
    }
    StructType schema = new StructType().add("attribute", "string", false).add("policy", "string", false)
        .add("source_priority", DataTypes.createArrayType(DataTypes.StringType, false), false);
    spark.createDataFrame(rows, schema).createOrReplaceTempView("survivorship_rules");
  }
}
