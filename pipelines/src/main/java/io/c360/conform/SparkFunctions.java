package io.c360.conform;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.types.DataTypes;

/** Registers the normalisers as SQL functions so models in sql/ can call them. */
public final class SparkFunctions {
  private SparkFunctions() {}

  /** Registers the functions with the project's identity rules (e-mail normalisation, blocklist). */
  public static void register(SparkSession spark, io.c360.config.IdentityRules rules) {
    io.c360.config.EmailRules email = rules.email();
    Blocklist blocklist = Blocklist.of(rules);
    spark.udf().register("c360_email", (UDF1<String, String>) raw -> Emails.normalize(raw, email),
        DataTypes.StringType);
    spark.udf().register("c360_phone", (UDF2<String, String, String>) Phones::normalize, DataTypes.StringType);
    spark.udf().register("c360_country", (UDF1<String, String>) Countries::normalize, DataTypes.StringType);
    spark.udf().register("c360_name", (UDF1<String, String>) Names::normalize, DataTypes.StringType);
    spark.udf().register("c360_identifier",
        (UDF3<String, String, String, String>) (type, raw, region) -> Identifiers.normalize(type, raw, region, email),
        DataTypes.StringType);
    spark.udf().register("c360_is_blocked", (UDF1<String, Boolean>) blocklist::blocks, DataTypes.BooleanType);
  }
}
