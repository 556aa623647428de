package io.c360.model;

import io.c360.config.Models;
import io.c360.lake.Lakehouse;
import org.apache.spark.sql.AnalysisException;

/**
 * Views over the lakehouse's tables ({@code materialized: view} models, e.g.
 * {@code gold.customer_360_masked}): nothing is stored, so every session creates them by name.
 */
public final class Views {
  private Views() {}

  /** Creates every view whose tables exist; the others wait for the run that creates their tables. */
  public static void register(Lakehouse lake, Models models) {
    for (String model : Models.VIEWS) {
      if (inputsExist(lake, models.sql(model))) {
        create(lake, models, model);
      }
    }
  }

  /** Creates or replaces one view; its name is a model's (validated), its query the model's SQL. */
  static void create(Lakehouse lake, Models models, String model) {
    lake.spark().sql("CREATE OR REPLACE VIEW " + Models.table(model) + " AS\n" + models.sql(model));
  }

  private static boolean inputsExist(Lakehouse lake, String sql) {
    try {
      lake.spark().sql(sql).schema();
      return true;
    } catch (Exception e) { // Spark throws AnalysisException, a checked exception in Java's eyes, undeclared
      if (e instanceof AnalysisException a && "TABLE_OR_VIEW_NOT_FOUND".equals(a.getCondition())) {
        return false;
      }
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
  }
}
