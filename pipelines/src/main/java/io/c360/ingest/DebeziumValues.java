package io.c360.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Column values as Debezium's JSON converter writes them, read into the declared types' canonical
 * text (which Spark then casts exactly). Debezium's defaults: a DECIMAL as the base64 of its unscaled
 * two's-complement bytes with the scale in the message's schema ({@code decimal.handling.mode=precise}),
 * or as text or a number (string, double); a variable-scale decimal as {@code {"scale":..,"value":..}};
 * a TIMESTAMP as epoch milliseconds ({@code io.debezium.time.Timestamp}), microseconds
 * ({@code MicroTimestamp}) or nanoseconds ({@code NanoTimestamp}), a TIMESTAMPTZ as ISO-8601 text
 * ({@code ZonedTimestamp}); a DATE as days since the epoch ({@code io.debezium.time.Date}) or ISO
 * text. Without a {@code schema} in the message the epoch unit is taken from the number's size
 * (below 10^14 milliseconds, below 10^17 microseconds, else nanoseconds: dates from 1973 to 5138).
 * No Spark.
 */
final class DebeziumValues {
  /** The declared type a value is read into. */
  enum Kind { DECIMAL, TIMESTAMP, DATE }

  /** What the message's schema says of a column: Connect's logical type name and a decimal's scale. */
  record Field(String logicalName, Integer scale) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");
  private static final Pattern INTEGER = Pattern.compile("-?\\d+");
  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");
  /** Parsed schemas by their text: a connector writes the same schema on every message. */
  private static final Map<String, Map<String, Field>> SCHEMAS = new ConcurrentHashMap<>();

  private DebeziumValues() {}

  /**
   * The canonical text of a value, or null when it is absent or cannot be read as {@code kind}
   * (the record is then quarantined).
   *
   * @param declaredScale the declared decimal's scale (used when the message has no schema)
   * @param field what the message's schema says of the column, or null
   */
  static String canonical(String text, Kind kind, int declaredScale, Field field) {
    if (text == null) {
      return null;
    }
    String t = text.strip();
    try {
      return switch (kind) {
        case DECIMAL -> decimal(t, declaredScale, field);
        case TIMESTAMP -> timestamp(t, field);
        case DATE -> date(t);
      };
    } catch (IllegalArgumentException | ArithmeticException | DateTimeParseException e) {
      return null;
    }
  }

  private static String decimal(String t, int declaredScale, Field field) {
    // With a schema that says Connect's Decimal the text is always base64, even when it looks like a number.
    boolean bytes = field != null && "org.apache.kafka.connect.data.Decimal".equals(field.logicalName());
    if (!bytes && NUMBER.matcher(t).matches()) {
      return exact(new BigDecimal(t), declaredScale);
    }
    if (t.startsWith("{")) { // io.debezium.data.VariableScaleDecimal
      JsonNode n = read(t);
      if (!n.path("scale").isInt() || !n.path("value").isTextual()) {
        throw new IllegalArgumentException("not a variable-scale decimal");
      }
      return exact(unscaled(n.path("value").asText(), n.path("scale").asInt()), declaredScale);
    }
    if (!BASE64.matcher(t).matches()) {
      throw new IllegalArgumentException("not a decimal");
    }
    int scale = field != null && field.scale() != null ? field.scale() : declaredScale;
    return exact(unscaled(t, scale), declaredScale);
  }

  private static BigDecimal unscaled(String base64, int scale) {
    byte[] bytes = Base64.getDecoder().decode(base64);
    if (bytes.length == 0) {
      throw new IllegalArgumentException("no bytes");
    }
    return new BigDecimal(new BigInteger(bytes), scale);
  }

  /** The value at the declared scale, refused when that would round it. */
  private static String exact(BigDecimal value, int declaredScale) {
    return value.setScale(declaredScale, java.math.RoundingMode.UNNECESSARY).toPlainString();
  }

  private static String timestamp(String t, Field field) {
    if (!INTEGER.matcher(t).matches()) {
      if (t.matches("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?")) {
        return t; // a local date-time: Spark reads it in the session's time zone (UTC)
      }
      return OffsetDateTime.parse(t.replace(' ', 'T')).toInstant().toString();
    }
    long v = Long.parseLong(t);
    String name = field == null ? null : field.logicalName();
    long nanosPerUnit;
    if ("io.debezium.time.MicroTimestamp".equals(name)) {
      nanosPerUnit = 1_000;
    } else if ("io.debezium.time.NanoTimestamp".equals(name)) {
      nanosPerUnit = 1;
    } else if ("io.debezium.time.Timestamp".equals(name) || "org.apache.kafka.connect.data.Timestamp".equals(name)) {
      nanosPerUnit = 1_000_000;
    } else {
      long a = Math.abs(v);
      nanosPerUnit = a < 100_000_000_000_000L ? 1_000_000 : a < 100_000_000_000_000_000L ? 1_000 : 1;
    }
    long perSecond = 1_000_000_000L / nanosPerUnit;
    return Instant.ofEpochSecond(Math.floorDiv(v, perSecond), Math.floorMod(v, perSecond) * nanosPerUnit).toString();
  }

  private static String date(String t) {
    if (INTEGER.matcher(t).matches()) {
      return LocalDate.ofEpochDay(Long.parseLong(t)).toString();
    }
    return LocalDate.parse(t).toString();
  }

  /**
   * The columns of the row in a message's {@code schema} (Debezium's envelope: the struct of its
   * {@code after}, or {@code before}), by name; empty without a schema or for one it cannot read.
   */
  static Map<String, Field> fields(String schema) {
    if (schema == null || schema.isBlank()) {
      return Map.of();
    }
    if (SCHEMAS.size() > 64) {
      SCHEMAS.clear();
    }
    return SCHEMAS.computeIfAbsent(schema, DebeziumValues::parseFields);
  }

  private static Map<String, Field> parseFields(String schema) {
    Map<String, Field> out = new LinkedHashMap<>();
    JsonNode root;
    try {
      root = JSON.readTree(schema);
    } catch (IOException e) {
      return out;
    }
    for (JsonNode part : root.path("fields")) {
      String name = part.path("field").asText();
      if (!name.equals("after") && !name.equals("before")) {
        continue;
      }
      for (JsonNode column : part.path("fields")) {
        String scale = column.path("parameters").path("scale").asText("");
        out.putIfAbsent(column.path("field").asText(), new Field(column.path("name").asText(null),
            scale.matches("\\d{1,2}") ? Integer.valueOf(scale) : null));
      }
    }
    return out;
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON", e);
    }
  }
}
