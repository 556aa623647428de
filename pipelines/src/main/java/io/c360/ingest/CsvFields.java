package io.c360.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.octet_length;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.try_to_date;
import static org.apache.spark.sql.functions.try_to_timestamp;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;

/**
 * A CSV source's fields, read as text and typed here, exactly: Spark's CSV parser reads numbers with
 * a locale parser that skips grouping ({@code "12,50"} became 1250.00 in a decimal(12,2) column),
 * so a field is typed with an ANSI cast (or the source's {@code dateFormat}/{@code timestampFormat})
 * and a decimal is not rounded to its scale. A non-blank field that does not type is a reason to
 * reject its record; the reason names the column and the type, never the value (the record's text
 * is kept in quarantine, where erasure finds it).
 */
final class CsvFields {
  private CsvFields() {}

  /** The declared columns as strings: what the CSV reader is given, header names unchanged. */
  static StructType asText(StructType declared) {
    StructType out = new StructType();
    for (StructField f : declared.fields()) {
      out = out.add(f.name(), DataTypes.StringType, true);
    }
    return out;
  }

  /** The field typed as declared, or null when it is blank or does not type exactly. */
  static Column typed(StructField field, Map<String, String> options) {
    Column text = col(field.name());
    DataType type = field.dataType();
    Optional<String> format = format(type, options);
    if (type instanceof StringType) {
      return text;
    }
    if (format.isPresent()) {
      return type instanceof DateType ? try_to_date(text, format.get()) : try_to_timestamp(text, lit(format.get()));
    }
    Column cast = text.try_cast(type);
    if (type instanceof DecimalType d) {
      // Cast to the declared decimal rounds half up to its scale; the same integer digits with all
      // the scale left over keep what the text says, so the two differ when a digit was lost.
      DecimalType wide = DataTypes.createDecimalType(38, 38 - (d.precision() - d.scale()));
      return when(cast.cast(wide).equalTo(text.try_cast(wide)), cast);
    }
    return cast;
  }

  /** Why the field is rejected: it holds text that does not type as declared; null otherwise. */
  static Column problem(StructField field, Map<String, String> options) {
    if (field.dataType() instanceof StringType) {
      return lit(null).cast(DataTypes.StringType);
    }
    Column text = col(field.name());
    return when(text.isNotNull().and(trim(text).notEqual("")).and(typed(field, options).isNull()),
        lit(notA(field.name(), field.dataType(), format(field.dataType(), options))));
  }

  /** The reason a user sees: {@code "amount: not a decimal(12,2)"}, without the value. */
  static String notA(String column, DataType type, Optional<String> format) {
    String name = type.simpleString();
    String article = "aeiou".indexOf(name.charAt(0)) >= 0 ? "an " : "a ";
    return column + ": not " + article + name + format.map(f -> " in the format " + f).orElse("");
  }

  /**
   * Why a record is rejected before its fields are typed: over the size limit (the bytes of its
   * fields and delimiters, or of the whole line when it did not split into the declared fields), or
   * holding U+FFFD, which the UTF-8 decoder puts in place of invalid bytes; null otherwise.
   */
  static Column recordProblem(StructType declared, Map<String, String> options, int maxRecordBytes, String corrupt) {
    List<Column> bytes = new ArrayList<>();
    List<Column> replaced = new ArrayList<>();
    for (String f : declared.fieldNames()) {
      bytes.add(coalesce(octet_length(col(f)), lit(0)));
      replaced.add(coalesce(col(f).contains("\uFFFD"), lit(false)));
    }
    Column fieldBytes = bytes.stream().reduce(lit(declared.size() - 1), Column::plus);
    Column size = coalesce(octet_length(col(corrupt)), fieldBytes);
    Column invalid = replaced.stream().reduce(coalesce(col(corrupt).contains("\uFFFD"), lit(false)), Column::or);
    Column tooLong = when(size.gt(maxRecordBytes), concat(lit("record over the size limit ("),
        size.cast("string"), lit(" bytes, limit " + maxRecordBytes + ")")));
    if (!utf8(options)) {
      return tooLong;
    }
    return coalesce(tooLong, when(invalid, lit("invalid UTF-8 encoding")));
  }

  /** True when the source's files are read as UTF-8 (Spark's CSV default). */
  static boolean utf8(Map<String, String> options) {
    String charset = option(options, "encoding").or(() -> option(options, "charset")).orElse("UTF-8");
    return charset.replace("-", "").equalsIgnoreCase("utf8");
  }

  /** The source's {@code dateFormat} for a date, {@code timestampFormat} for a timestamp. */
  static Optional<String> format(DataType type, Map<String, String> options) {
    if (type instanceof DateType) {
      return option(options, "dateFormat");
    }
    if (type instanceof TimestampType) {
      return option(options, "timestampFormat");
    }
    return Optional.empty();
  }

  /** Spark's reader options are case-insensitive. */
  private static Optional<String> option(Map<String, String> options, String key) {
    return options.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(key)).map(Map.Entry::getValue)
        .filter(v -> !v.isBlank()).findFirst();
  }
}
