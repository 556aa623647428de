package io.c360.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import io.c360.testing.ReferenceLakehouse;
import java.nio.file.Path;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The lakehouse the build executes the notebooks on (bin/c360 notebook --execute, in mvn verify):
 * the reference lakehouse with one erasure request filed in the intake and run by the erasure job.
 */
class NotebookLakehouseTest {
  @Test
  void itHoldsTheReferenceDataAndOneCompletedErasureRequest() {
    ReferenceLakehouse reference = ReferenceLakehouse.get();
    Path lake = reference.notebooks();
    assertThat(reference.console("erasure")).contains("request NB-DEMO-1: completed").contains("[2/2] segments");
    Row request = ReferenceLakehouse.table(lake, "compliance.erasure_requests").where("request_id = 'NB-DEMO-1'")
        .selectExpr("status", "origin").first();
    assertThat(request.getString(0)).isEqualTo("completed");
    assertThat(request.getString(1)).isEqualTo("intake");
    assertThat(ReferenceLakehouse.table(lake, "gold.customer_360").count())
        .isPositive().isLessThan(ReferenceLakehouse.table(reference.lake(), "gold.customer_360").count());
  }
}
