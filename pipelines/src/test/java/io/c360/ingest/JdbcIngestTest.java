package io.c360.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.c360.config.IdentifierTypes;
import io.c360.config.SourceConfig;
import io.c360.job.RunContext;
import io.c360.job.StepResult;
import io.c360.lake.Lakehouse;
import io.c360.testing.TestLakehouses;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** A real PostgreSQL table read incrementally by its updated_at watermark. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcIngestTest {
  @TempDir
  Path dir;

  private EmbeddedPostgres postgres;
  private int batches;

  @BeforeAll
  void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    try (Connection c = connection(); Statement st = c.createStatement()) {
      st.execute("create table shop_orders (order_id text, email text, status text, total_amount numeric(12, 2), "
          + "updated_at timestamptz not null)");
    }
  }

  @AfterAll
  void stopPostgres() throws Exception {
    postgres.close();
  }

  private Connection connection() throws Exception {
    return postgres.getPostgresDatabase().getConnection();
  }

  private void insert(String orderId, String email, String status, String amount, String updatedAt) throws Exception {
    try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(
        "insert into shop_orders values (?, ?, ?, ?::numeric, ?::timestamptz)")) {
      ps.setString(1, orderId);
      ps.setString(2, email);
      ps.setString(3, status);
      ps.setString(4, amount);
      ps.setString(5, updatedAt);
      ps.executeUpdate();
    }
  }

  private SourceConfig source() throws Exception {
    Path file = dir.resolve("conf/sources/shop_orders.yaml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, """
        kind: jdbc
        jdbc:
          url: jdbc:postgresql://localhost:%d/postgres
          table: public.shop_orders
          watermark: updated_at
          user-env: C360_TEST_PG_USER
          lookback: PT2H
        key: order_id
        observed-at: updated_at
        schema:
          order_id: string
          email: string
          status: string
          total_amount: decimal(12,2)
          updated_at: timestamp
        required: [order_id]
        identifiers: {email: email}
        """.formatted(postgres.getPort()));
    return SourceConfig.load(file, new IdentifierTypes(List.of("email")));
  }

  private StepResult ingest(Lakehouse lake, SourceConfig source) {
    batches++;
    return new IngestStep(lake, source, io.c360.privacy.SuppressionList.load(lake, java.util.Optional::empty)).apply(new RunContext("run" + batches, batches, Instant.now()));
  }

  @Test
  void readsNewAndUpdatedRowsOnceByWatermark() throws Exception {
    insert("o1", "a@x.com", "completed", "10.00", "2026-10-01T10:00:00Z");
    insert("o2", "b@x.com", "completed", "20.50", "2026-10-01T11:00:00Z");
    insert(null, "c@x.com", "completed", "1.00", "2026-10-01T12:00:00Z");
    insert("o3", "x' OR '1'='1", "completed", "5.00", "2026-10-01T12:30:00Z");
    SourceConfig source = source();
    Lakehouse lake = TestLakehouses.open(dir.resolve("landing"), dir.resolve("lake"), TestLakehouses.newCatalog(),
        List.of());

    StepResult first = ingest(lake, source);

    assertThat(first.rowsRead()).isEqualTo(4);
    assertThat(first.rowsWritten()).isEqualTo(3);
    assertThat(first.rowsRejected()).isEqualTo(1);
    assertThat(lake.read(OpsTables.QUARANTINE).first().<String>getAs("reason")).isEqualTo("missing required field: order_id");
    assertThat(lake.read(OpsTables.WATERMARKS).first().<String>getAs("watermark_value"))
        .isEqualTo("2026-10-01 12:30:00");

    assertThat(ingest(lake, source).rowsRead()).isZero();

    // Committed after the last read, stamped with the same time as the last watermark or, by a long
    // transaction, an hour before it: both read, nothing read twice.
    insert("o3b", "late@x.com", "completed", "3.00", "2026-10-01T12:30:00Z");
    insert("o3c", "long@x.com", "completed", "4.00", "2026-10-01T11:30:00Z");
    assertThat(ingest(lake, source).rowsRead()).isEqualTo(2);

    try (Connection c = connection(); Statement st = c.createStatement()) {
      st.executeUpdate("update shop_orders set status = 'refunded', updated_at = '2026-10-03T09:00:00Z' "
          + "where order_id = 'o1'");
    }
    insert("o4", "d@x.com", "completed", "7.25", "2026-10-02T08:00:00Z");
    StepResult third = ingest(lake, source);

    assertThat(third.rowsRead()).isEqualTo(2);
    assertThat(lake.read(source.table()).where(col("order_id").equalTo("o1")).select("status").orderBy("_batch_id")
        .as(Encoders.STRING()).collectAsList()).containsExactly("completed", "refunded");
    assertThat(lake.read(source.table()).count()).isEqualTo(7);
    assertThat(lake.read(source.table()).where(col("order_id").equalTo("o4")).first()
        .<java.math.BigDecimal>getAs("total_amount")).isEqualByComparingTo("7.25");
    assertThat(lake.read(source.table()).first().<String>getAs("_source_file")).isEqualTo("jdbc:public.shop_orders");
  }
}
