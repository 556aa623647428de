package io.c360.production;

import static org.assertj.core.api.Assertions.assertThat;

import io.c360.sample.GenerationSummary;
import io.c360.sample.GeneratorSettings;
import io.c360.sample.LandingGenerator;
import io.c360.testing.TestLakehouses;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production path on object storage: bin/c360 with conf/env/s3.yaml runs the daily job, SQL
 * queries and an erasure against an {@code s3a://} lakehouse and landing zone, in child processes
 * as a user would, credentials and endpoint from the environment. Each subclass supplies an
 * S3-compatible server. SparkClusterIT makes the same checks of a cluster's run on S3Proxy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class S3LakehouseContract {
  /** The day after the generated sample (GeneratorSettings' default start, 3 days). */
  private static final String AS_OF = "2026-10-04";

  @TempDir
  static Path dir;

  private S3Lakehouse lake;
  private GenerationSummary generated;
  private Processes.Result daily;

  /** The S3-compatible server this class runs against. */
  abstract S3Endpoint.Provider provider();

  @BeforeAll
  void landAndRunTheDailyJob() throws Exception {
    lake = S3Lakehouse.start(provider(), dir);
    Path local = dir.resolve("generated");
    generated = new LandingGenerator(GeneratorSettings.of(60, 3, 11L)).generate(local);
    lake.land(local);
    daily = lake.c360("run", TestLakehouses.conf().resolve("jobs/daily.yaml").toString(),
        "--set", "reporting.as-of=" + AS_OF);
    assertThat(daily.exit()).as(daily.describe()).isZero();
  }

  @AfterAll
  void stop() {
    if (lake != null) {
      lake.close();
    }
  }

  @Test
  @Order(1)
  void theDailyJobWritesEveryTableToTheBucketAndNothingLocally() throws Exception {
    lake.assertTheDailyRunWroteEveryTableToTheBucketAndNothingLocally(daily);
  }

  @Test
  @Order(2)
  void sqlReadsTheLakehouseOnS3AndEveryRecordIsAccountedFor() throws Exception {
    lake.assertSqlReadsTheLakehouseAndEveryRecordIsAccountedFor(generated);
  }

  @Test
  @Order(3)
  void anErasureRemovesThePersonFromEveryObjectInTheBucket() throws Exception {
    lake.assertAnErasureRemovesThePersonFromEveryObject();
  }
}
