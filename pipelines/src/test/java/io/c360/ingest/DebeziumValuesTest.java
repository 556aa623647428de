package io.c360.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.c360.ingest.DebeziumValues.Field;
import io.c360.ingest.DebeziumValues.Kind;
import org.junit.jupiter.api.Test;

/** Values in Debezium's JSON encodings, read into canonical text. No Spark. */
class DebeziumValuesTest {
  private static final Field DECIMAL_2 = new Field("org.apache.kafka.connect.data.Decimal", 2);

  @Test
  void decimalsAsBase64BytesAsTextOrAsVariableScale() {
    assertThat(DebeziumValues.canonical("BBo=", Kind.DECIMAL, 2, DECIMAL_2)).isEqualTo("10.50");
    assertThat(DebeziumValues.canonical("++Y=", Kind.DECIMAL, 2, DECIMAL_2)).isEqualTo("-10.50");
    assertThat(DebeziumValues.canonical("AeI=", Kind.DECIMAL, 2, null)).as("no schema: the declared scale")
        .isEqualTo("4.82");
    assertThat(DebeziumValues.canonical("AeI=", Kind.DECIMAL, 3, new Field(null, 1))).as("the schema's scale")
        .isEqualTo("48.200");
    assertThat(DebeziumValues.canonical("10.5", Kind.DECIMAL, 2, null)).isEqualTo("10.50");
    assertThat(DebeziumValues.canonical("1234", Kind.DECIMAL, 2, DECIMAL_2)).as("base64 that looks like a number")
        .isEqualTo("-26588.24");
    assertThat(DebeziumValues.canonical("{\"scale\":3,\"value\":\"BBo=\"}", Kind.DECIMAL, 3, null))
        .isEqualTo("1.050");
    assertThat(DebeziumValues.canonical("10.555", Kind.DECIMAL, 2, null)).as("would round").isNull();
    assertThat(DebeziumValues.canonical("12,50", Kind.DECIMAL, 2, null)).isNull();
    assertThat(DebeziumValues.canonical(null, Kind.DECIMAL, 2, null)).isNull();
  }

  @Test
  void timestampsAsEpochMillisMicrosNanosOrText() {
    assertThat(DebeziumValues.canonical("1790848800123", Kind.TIMESTAMP, 0,
        new Field("io.debezium.time.Timestamp", null))).isEqualTo("2026-10-01T10:00:00.123Z");
    assertThat(DebeziumValues.canonical("1790848800123456", Kind.TIMESTAMP, 0,
        new Field("io.debezium.time.MicroTimestamp", null))).isEqualTo("2026-10-01T10:00:00.123456Z");
    assertThat(DebeziumValues.canonical("1790848800123456789", Kind.TIMESTAMP, 0,
        new Field("io.debezium.time.NanoTimestamp", null))).isEqualTo("2026-10-01T10:00:00.123456789Z");
    assertThat(DebeziumValues.canonical("1790848800123456", Kind.TIMESTAMP, 0, null)).as("no schema: by size")
        .isEqualTo("2026-10-01T10:00:00.123456Z");
    assertThat(DebeziumValues.canonical("2026-10-01T12:00:00+02:00", Kind.TIMESTAMP, 0,
        new Field("io.debezium.time.ZonedTimestamp", null))).isEqualTo("2026-10-01T10:00:00Z");
    assertThat(DebeziumValues.canonical("2026-10-01T10:00:00", Kind.TIMESTAMP, 0, null))
        .isEqualTo("2026-10-01T10:00:00");
    assertThat(DebeziumValues.canonical("yesterday", Kind.TIMESTAMP, 0, null)).isNull();
  }

  @Test
  void datesAsEpochDaysOrText() {
    assertThat(DebeziumValues.canonical("20727", Kind.DATE, 0, new Field("io.debezium.time.Date", null)))
        .isEqualTo("2026-10-01");
    assertThat(DebeziumValues.canonical("2026-10-01", Kind.DATE, 0, null)).isEqualTo("2026-10-01");
    assertThat(DebeziumValues.canonical("01/10/2026", Kind.DATE, 0, null)).isNull();
  }

  @Test
  void theRowsColumnsAreReadFromTheEnvelopesSchema() {
    String schema = """
        {"type":"struct","fields":[
          {"type":"struct","fields":[
            {"type":"string","optional":false,"field":"order_id"},
            {"type":"bytes","optional":true,"name":"org.apache.kafka.connect.data.Decimal","version":1,
             "parameters":{"scale":"2","connect.decimal.precision":"12"},"field":"total_amount"},
            {"type":"int64","optional":true,"name":"io.debezium.time.MicroTimestamp","version":1,"field":"updated_at"}],
           "optional":true,"name":"shop.public.orders.Value","field":"before"},
          {"type":"struct","fields":[],"optional":true,"name":"shop.public.orders.Value","field":"after"},
          {"type":"string","optional":false,"field":"op"}],
         "optional":false,"name":"shop.public.orders.Envelope"}
        """;
    assertThat(DebeziumValues.fields(schema)).containsEntry("total_amount", DECIMAL_2)
        .containsEntry("updated_at", new Field("io.debezium.time.MicroTimestamp", null))
        .containsEntry("order_id", new Field(null, null));
    assertThat(DebeziumValues.fields("{\"type\":\"struct\"}")).isEmpty();
    assertThat(DebeziumValues.fields("not json")).isEmpty();
    assertThat(DebeziumValues.fields(null)).isEmpty();
  }
}
