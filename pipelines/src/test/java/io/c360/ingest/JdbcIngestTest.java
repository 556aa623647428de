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

  /** conf/sources/store_orders.yaml, pointed at the embedded database. */
  private SourceConfig storeOrders(io.c360.config.Project project) throws Exception {
    String yaml = Files.readString(TestLakehouses.conf().resolve("sources/store_orders.yaml"))
        .replaceFirst("url-env: C360_STORE_DB_URL", "url: jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres")
        .replaceFirst("user-env: C360_STORE_DB_USER", "user-env: C360_TEST_PG_USER")
        .replaceFirst("\\n *password-env: C360_STORE_DB_PASSWORD", "");
    Path file = dir.resolve("conf/sources/store_orders.yaml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, yaml);
    return SourceConfig.load(file, project.identity().types());
  }

  @Test
  void storeOrdersReadByJdbcJoinTheShopExportsInSilverOrdersAtTheirLatestState() throws Exception {
    try (Connection c = connection(); Statement st = c.createStatement()) {
      st.execute("create table orders (order_id text primary key, user_id text, email text, status text, "
          + "currency text, total_amount numeric(12, 2), ordered_at timestamptz, updated_at timestamptz not null)");
      st.execute("insert into orders values "
          + "('s1', null, 'Ann@Example.com', 'completed', 'eur', 30.00, '2026-10-01T09:00:00Z', '2026-10-01T09:00:00Z'), "
          + "('s2', 'u7', null, 'completed', 'X1', 12.00, '2026-10-01T10:00:00Z', '2026-10-01T10:00:00Z')");
    }
    io.c360.config.Project project = io.c360.config.Project.load(TestLakehouses.conf());
    SourceConfig store = storeOrders(project);
    Path landing = dir.resolve("landing-store");
    Files.createDirectories(landing.resolve("orders"));
    Files.writeString(landing.resolve("orders/orders-2026-10-01.csv"),
        "order_id,user_id,email,status,currency,total_amount,ordered_at,updated_at\n"
            + "w1,u1,bob@example.com,completed,GBP,15.50,2026-10-01T08:00:00Z,2026-10-01T08:00:00Z\n");
    Lakehouse lake = TestLakehouses.open(landing, dir.resolve("lake-store"), TestLakehouses.newCatalog(), List.of());
    List<SourceConfig> sources = List.of(store, project.source("orders"), project.source("order_changes"));
    String orders = "select order_id, email, status, currency, total_amount from silver.orders order by order_id";

    assertThat(ingest(lake, project.source("orders")).rowsWritten()).isEqualTo(1);
    assertThat(ingest(lake, store).rowsWritten()).isEqualTo(2);
    silverOrders(lake, sources);
    assertThat(lake.spark().sql(orders).collectAsList().stream().map(r -> r.mkString("|")))
        .containsExactly("s1|ann@example.com|completed|EUR|30.00", "w1|bob@example.com|completed|GBP|15.50");
    assertThat(lake.spark().sql("select source, reason from ops.quarantine").collectAsList().stream()
        .map(r -> r.mkString("|"))).containsExactly("silver.orders|expectation known_currency not met: "
            + "currency rlike '^[A-Z]{3}$'");

    // Refunded in the store the next day: the next extract carries it, silver.orders takes it.
    try (Connection c = connection(); Statement st = c.createStatement()) {
      st.executeUpdate("update orders set status = 'refunded', updated_at = '2026-10-02T12:00:00Z' where order_id = 's1'");
    }
    assertThat(ingest(lake, store).rowsRead()).isEqualTo(1);
    silverOrders(lake, sources);
    assertThat(lake.spark().sql(orders).collectAsList().stream().map(r -> r.mkString("|")))
        .containsExactly("s1|ann@example.com|refunded|EUR|30.00", "w1|bob@example.com|completed|GBP|15.50");
  }

  private void silverOrders(Lakehouse lake, List<SourceConfig> sources) {
    batches++;
    new io.c360.model.ModelStep(lake, io.c360.config.Models.onClasspath(), "silver/orders",
        io.c360.config.EmailRules.AS_WRITTEN, sources).apply(new RunContext("run" + batches, batches, Instant.now()));
  }
}
