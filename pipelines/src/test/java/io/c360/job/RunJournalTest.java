package io.c360.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** A run's rows survive the journal: written as JSON, read back in the table's schema. No Spark. */
class RunJournalTest {
  private static final Row STEP = RowFactory.create("20261208T000000Z-1a2b3c4d", "daily", "ingest_orders", "ingest",
      "succeeded", Timestamp.from(Instant.parse("2026-12-08T00:00:01.123456Z")),
      Timestamp.from(Instant.parse("2026-12-08T00:00:09Z")), 7.877, 12L, 10L, 2L,
      Map.of("files", 3L, "files_corrupt", 1L), null);

  @Test
  void aStepRowIsReadBackAsItWasWritten() {
    String line = RunJournal.encode(OpsRunLog.STEP_RUNS, OpsRunLog.STEP_RUNS_SCHEMA, STEP);

    assertThat(line).startsWith("{\"table\":\"ops.step_runs\",\"row\":{\"run_id\":\"20261208T000000Z-1a2b3c4d\"")
        .contains("\"started_at\":\"2026-12-08T00:00:01.123456Z\"").contains("\"error\":null");
    Row back = RunJournal.decode(line, OpsRunLog.STEP_RUNS_SCHEMA);
    assertThat(back).isEqualTo(STEP);
  }

  @Test
  void aJobRowIsReadBackAsItWasWritten() {
    Row job = RowFactory.create("r1", "daily", "failed", Timestamp.from(Instant.parse("2026-12-08T00:00:00Z")),
        Timestamp.from(Instant.parse("2026-12-08T00:10:00Z")), 600.0, 23, 2, 6, "gold_customer_orders: no space");

    assertThat(RunJournal.decode(RunJournal.encode(OpsRunLog.JOB_RUNS, OpsRunLog.JOB_RUNS_SCHEMA, job),
        OpsRunLog.JOB_RUNS_SCHEMA)).isEqualTo(job);
  }

  @Test
  void aRowCutShortOrMissingARequiredValueIsNotARow() {
    String line = RunJournal.encode(OpsRunLog.STEP_RUNS, OpsRunLog.STEP_RUNS_SCHEMA, STEP);

    assertThat(RunJournal.decode(line.substring(0, line.length() / 2), OpsRunLog.STEP_RUNS_SCHEMA)).isNull();
    assertThat(RunJournal.decode(line.replace("\"status\":\"succeeded\"", "\"status\":null"),
        OpsRunLog.STEP_RUNS_SCHEMA)).isNull();
  }
}
