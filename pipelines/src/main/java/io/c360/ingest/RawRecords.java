package io.c360.ingest;

import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.ltrim;
import static org.apache.spark.sql.functions.octet_length;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import io.c360.config.SourceConfig;
import io.c360.config.SourceKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF4;
import org.apache.spark.sql.api.java.UDF7;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Reads landed files of one source into one shape: the declared columns, the kind's own columns
 * ({@link #kindColumns}), {@code _source_file}, {@code _record_hash}, {@code _reject_reason} (null
 * for a good record) and, for rejected records only, {@code _record}: the original text.
 */
final class RawRecords {
  static final String CORRUPT = "_corrupt_record";
  // A CSV record's fields as read, and why it is rejected before and after typing them.
  private static final String CSV_FIELDS = "_csv_fields";
  private static final String CSV_RECORD_PROBLEM = "_csv_record_problem";
  private static final String CSV_FIELD_PROBLEM = "_csv_field_problem";
  /** Why a change event's decimal, timestamp or date value does not read, or null. */
  private static final String CDC_PROBLEM = "_cdc_problem";
  // Markers in the corrupt-record column for lines that are not a JSON object at all.
  private static final String BLANK = "\u0000blank";
  private static final String ARRAY = "\u0000array";
  private static final List<String> EVENT_TYPES = List.of("track", "page", "screen", "identify", "alias", "group");
  private static final List<String> CHANGE_OPS = List.of("c", "u", "r", "d");

  private RawRecords() {}

  static StructType declared(SourceConfig source) {
    StructType schema = new StructType();
    for (Map.Entry<String, String> c : source.schema().entrySet()) {
      DataType type;
      try {
        type = DataType.fromDDL(c.getValue());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("source " + source.name() + ": schema." + c.getKey()
            + ": not a Spark SQL type: '" + c.getValue() + "'", e);
      }
      schema = schema.add(c.getKey(), type, true);
    }
    return schema;
  }

  /**
   * Bronze columns a kind adds to the declared ones: the whole line for JSON-lines kinds, and for
   * change events the operation, its commit time and log position, and the row before the change.
   */
  static StructType kindColumns(SourceConfig source) {
    StructType extra = new StructType();
    if (source.kind() == SourceKind.CDC) {
      extra = extra.add("_change_op", DataTypes.StringType)
          .add("_change_ts_ms", DataTypes.LongType)
          .add("_change_lsn", DataTypes.LongType)
          .add("_change_position", DataTypes.StringType)
          .add("_before", declared(source));
    }
    if (isJsonLines(source.kind())) {
      extra = extra.add("_raw", DataTypes.StringType);
    }
    return extra;
  }

  static boolean isJsonLines(SourceKind kind) {
    return kind == SourceKind.EVENTS || kind == SourceKind.CDC;
  }

  /** Spark's file readers take glob patterns; a landed file's name is a literal path. */
  static String literalPath(String path) {
    return path.replaceAll("([\\[\\]{}*?\\\\])", "\\\\$1");
  }

  static Dataset<Row> read(SparkSession spark, SourceConfig source, List<String> landed) {
    StructType schema = declared(source);
    List<String> files = landed.stream().map(RawRecords::literalPath).toList();
    Dataset<Row> parsed = switch (source.kind()) {
      case EVENTS -> jsonLines(spark, schema, files);
      case CDC -> changes(spark, schema, files);
      case CSV -> csv(spark, source, schema, files);
      case JSON -> json(spark, source, schema, files);
      case PARQUET -> spark.read().schema(schema).parquet(files.toArray(String[]::new))
          .withColumn("_source_file", col("_metadata.file_path"))
          .withColumn(CORRUPT, lit(null).cast(DataTypes.StringType));
      case JDBC -> throw new IllegalArgumentException("source " + source.name() + " is read by JdbcIngest");
    };
    // The record as text: the line itself for JSON lines, otherwise the fields as JSON (or the
    // unparsable row). Invalid byte sequences become U+FFFD in the quarantined copy only. A CSV
    // record is hashed as its typed fields, as when Spark's parser typed them (silver de-duplicates
    // by this hash), but kept, when rejected, as the fields' text: a value that did not type is
    // what the file says.
    Column text = isJsonLines(source.kind()) ? col("_raw")
        : coalesce(col(CORRUPT), to_json(struct(columns(schema.fieldNames()))));
    // For CSV the fields are carried as a struct and written as JSON for rejected records only.
    Column kept = source.kind() == SourceKind.CSV ? struct(col(CORRUPT), col(CSV_FIELDS)) : text;
    List<Column> out = new ArrayList<>(Arrays.asList(columns(schema.fieldNames())));
    out.addAll(Arrays.asList(columns(kindColumns(source).fieldNames())));
    out.add(col("_source_file"));
    out.add(sha2(text, 256).as("_record_hash"));
    out.add(kept.as("_record_text"));
    out.add(reason(source, schema).as("_reject_reason"));
    // The reason is computed once in the projection above and referenced below; repeating its
    // expression would bloat the generated code past what Spark compiles.
    Column record = isJsonLines(source.kind()) ? call_function("make_valid_utf8", col("_record_text"))
        : source.kind() == SourceKind.CSV
        ? coalesce(col("_record_text." + CORRUPT), to_json(col("_record_text." + CSV_FIELDS)))
        : col("_record_text");
    return parsed.select(out.toArray(Column[]::new))
        .withColumn("_record", when(col("_reject_reason").isNotNull(), record))
        .drop("_record_text");
  }

  private static Column[] columns(String[] names) {
    return Arrays.stream(names).map(n -> col(n)).toArray(Column[]::new);
  }

  /** Newline-delimited JSON: each line parsed with the schema, kept whole as {@code _raw}. */
  private static Dataset<Row> jsonLines(SparkSession spark, StructType schema, List<String> files) {
    StructType withCorrupt = schema.add(CORRUPT, DataTypes.StringType, true);
    Dataset<Row> lines = spark.read().text(files.toArray(String[]::new))
        .select(col("value").as("_raw"), col("_metadata.file_path").as("_source_file"));
    Column json = from_json(col("_raw"), withCorrupt, Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", CORRUPT));
    List<Column> cols = new ArrayList<>();
    for (String f : schema.fieldNames()) {
      cols.add(col("_parsed." + f).as(f));
    }
    cols.add(col("_raw"));
    cols.add(col("_source_file"));
    // A line that did not parse into an object (blank, an array, not JSON) is marked here, so the
    // checks that look at the text again run for those lines only, not for every good one.
    Column unparsed = col("_parsed").isNull().or(col("_parsed." + CORRUPT).isNotNull());
    Column blank = ltrim(col("_raw")).equalTo("");
    Column array = ltrim(col("_raw")).startsWith("[");
    cols.add(when(unparsed, when(blank, lit(BLANK)).when(array, lit(ARRAY)).otherwise(col("_parsed." + CORRUPT)))
        .as(CORRUPT));
    return lines.withColumn("_parsed", json).select(cols.toArray(Column[]::new));
  }

  /**
   * Debezium JSON, with or without the {@code schema}/{@code payload} wrapper: the declared columns
   * come from the row after the change (before it, for a delete). Decimal, timestamp and date
   * columns are read as text and typed by {@link DebeziumValues} in Debezium's encodings (base64
   * decimals with the schema's scale, epoch timestamps and dates); one that does not read is a
   * reason to quarantine the record ({@link #CDC_PROBLEM}).
   */
  private static Dataset<Row> changes(SparkSession spark, StructType row, List<String> files) {
    StructType wire = new StructType();
    for (StructField f : row.fields()) {
      wire = wire.add(f.name(), debeziumKind(f.dataType()) == null ? f.dataType() : DataTypes.StringType, true);
    }
    // Log positions as the text of their JSON values: numbers for PostgreSQL and MySQL, text for SQL Server.
    StructType source = new StructType().add("ts_ms", DataTypes.LongType);
    for (String p : POSITION_FIELDS) {
      source = source.add(p, DataTypes.StringType);
    }
    StructType change = new StructType()
        .add("before", wire).add("after", wire).add("op", DataTypes.StringType)
        .add("ts_ms", DataTypes.LongType).add("source", source);
    StructType envelope = change.add("schema", DataTypes.StringType).add("payload", change);
    Dataset<Row> parsed = jsonLines(spark, envelope, files);
    Column before = coalesce(col("payload.before"), col("before"));
    Column after = coalesce(col("payload.after"), col("after"));
    List<Column> cols = new ArrayList<>();
    List<Column> beforeTyped = new ArrayList<>();
    List<Column> problems = new ArrayList<>();
    for (StructField f : row.fields()) {
      String kind = debeziumKind(f.dataType());
      if (kind == null) {
        cols.add(coalesce(after.getField(f.name()), before.getField(f.name())).as(f.name()));
        beforeTyped.add(before.getField(f.name()).as(f.name()));
        continue;
      }
      Column text = coalesce(after.getField(f.name()), before.getField(f.name()));
      Column typed = debeziumTyped(text, f, kind);
      cols.add(typed.as(f.name()));
      beforeTyped.add(debeziumTyped(before.getField(f.name()), f, kind).as(f.name()));
      problems.add(when(text.isNotNull().and(typed.isNull()),
          lit(f.name() + ": not a " + f.dataType().simpleString() + " in a Debezium encoding")));
    }
    cols.add(coalesce(col("payload.op"), col("op")).as("_change_op"));
    cols.add(coalesce(col("payload.source.ts_ms"), col("source.ts_ms"), col("payload.ts_ms"), col("ts_ms"))
        .as("_change_ts_ms"));
    Column src = coalesce(col("payload.source"), col("source"));
    Column[] position = POSITION_FIELDS.stream().map(src::getField).toArray(Column[]::new);
    cols.add(src.getField("lsn").try_cast(DataTypes.LongType).as("_change_lsn"));
    cols.add(CHANGE_POSITION.apply(position).getField("position").as("_change_position"));
    problems.add(CHANGE_POSITION.apply(position).getField("problem"));
    cols.add(when(before.isNotNull(), struct(beforeTyped.toArray(Column[]::new))).as("_before"));
    cols.add(after.isNull().as("_no_after"));
    cols.add((problems.isEmpty() ? lit(null).cast(DataTypes.StringType) : coalesce(problems.toArray(Column[]::new)))
        .as(CDC_PROBLEM));
    cols.add(col("_raw"));
    cols.add(col("_source_file"));
    cols.add(col(CORRUPT));
    return parsed.select(cols.toArray(Column[]::new));
  }

  /** The fields of Debezium's {@code source} block that place a change in its database's log. */
  private static final List<String> POSITION_FIELDS = List.of("lsn", "file", "pos", "row", "commit_lsn", "change_lsn",
      "event_serial_no");

  private static final UserDefinedFunction CHANGE_POSITION = udf((UDF7<String, String, String, String, String, String,
      String, Row>) (lsn, file, pos, row, commit, change, serial) -> {
        ChangePosition.Result r = ChangePosition.read(lsn, file, pos, row, commit, change, serial);
        return RowFactory.create(r.position(), r.problem());
      }, new StructType().add("position", DataTypes.StringType).add("problem", DataTypes.StringType));

  /** The Debezium encoding a declared type is read through ("DECIMAL:scale", "TIMESTAMP", "DATE"), or null. */
  private static String debeziumKind(DataType type) {
    if (type instanceof DecimalType d) {
      return "DECIMAL:" + d.scale();
    }
    if (type instanceof TimestampType) {
      return "TIMESTAMP";
    }
    return type instanceof DateType ? "DATE" : null;
  }

  private static final UserDefinedFunction DEBEZIUM_VALUE = udf((UDF4<String, String, String, String, String>)
      (text, kind, column, schema) -> {
        String[] k = kind.split(":");
        return DebeziumValues.canonical(text, DebeziumValues.Kind.valueOf(k[0]),
            k.length > 1 ? Integer.parseInt(k[1]) : 0, DebeziumValues.fields(schema).get(column));
      }, DataTypes.StringType);

  private static Column debeziumTyped(Column text, StructField f, String kind) {
    return DEBEZIUM_VALUE.apply(text, lit(kind), lit(f.name()), col("schema")).cast(f.dataType());
  }

  /**
   * CSV with every declared column read as text (the header still checked against the declared
   * names) and typed exactly by {@link CsvFields}, with the fields' text ({@link #CSV_FIELDS}) and the
   * reasons found on the way ({@link #CSV_RECORD_PROBLEM}, {@link #CSV_FIELD_PROBLEM}).
   */
  private static Dataset<Row> csv(SparkSession spark, SourceConfig source, StructType schema, List<String> files) {
    Dataset<Row> text = spark.read()
        .schema(CsvFields.asText(schema).add(CORRUPT, DataTypes.StringType, true))
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", CORRUPT)
        .option("header", "true")
        .option("enforceSchema", "false")
        .options(source.options())
        .csv(files.toArray(String[]::new));
    List<Column> cols = new ArrayList<>();
    List<Column> problems = new ArrayList<>();
    for (StructField f : schema.fields()) {
      cols.add(CsvFields.typed(f, source.options()).as(f.name()));
      problems.add(CsvFields.problem(f, source.options()));
    }
    cols.add(col("_metadata.file_path").as("_source_file"));
    cols.add(col(CORRUPT));
    cols.add(struct(columns(schema.fieldNames())).as(CSV_FIELDS));
    cols.add(CsvFields.recordProblem(schema, source.options(), source.maxRecordBytes(), CORRUPT).as(CSV_RECORD_PROBLEM));
    cols.add(coalesce(problems.toArray(Column[]::new)).as(CSV_FIELD_PROBLEM));
    return text.select(cols.toArray(Column[]::new));
  }

  /** A JSON document (or JSON lines) per file, parsed with the declared schema. */
  private static Dataset<Row> json(SparkSession spark, SourceConfig source, StructType schema, List<String> files) {
    return spark.read()
        .schema(schema.add(CORRUPT, DataTypes.StringType, true))
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", CORRUPT)
        .options(source.options())
        .json(files.toArray(String[]::new))
        .withColumn("_source_file", col("_metadata.file_path"));
  }

  private static Column reason(SourceConfig source, StructType schema) {
    List<Column> reasons = new ArrayList<>();
    if (isJsonLines(source.kind())) {
      Column bytes = octet_length(col("_raw"));
      reasons.add(when(bytes.gt(source.maxRecordBytes()), concat(lit("record over the size limit ("),
          bytes.cast("string"), lit(" bytes, limit " + source.maxRecordBytes() + ")"))));
      reasons.add(when(call_function("is_valid_utf8", col("_raw")).equalTo(false), lit("invalid UTF-8 encoding")));
      Column corrupt = col(CORRUPT);
      reasons.add(when(corrupt.equalTo(BLANK), lit("an empty line")));
      reasons.add(when(corrupt.equalTo(ARRAY), lit("a JSON array, expected one JSON object per line")));
      // Spark's reader takes single quotes, text after the object and a key given twice: a strict
      // parse of every line quarantines what it would half read.
      reasons.add(udf((UDF1<String, String>) StrictJson::problem, DataTypes.StringType).apply(col("_raw")));
      reasons.add(when(corrupt.isNotNull(), lit("a field does not have its declared type")));
    } else {
      if (source.kind() == SourceKind.CSV) {
        reasons.add(col(CSV_RECORD_PROBLEM));
      }
      reasons.add(when(col(CORRUPT).isNotNull(), lit("malformed record: does not match the declared schema ("
          + String.join(", ", schema.fieldNames()) + ")")));
      if (source.kind() == SourceKind.CSV) {
        reasons.add(col(CSV_FIELD_PROBLEM));
      }
    }
    if (source.kind() == SourceKind.CDC) {
      reasons.add(col(CDC_PROBLEM));
      reasons.add(when(col("_change_op").isNull(), lit("missing required field: op")));
      reasons.add(when(col("_change_op").isin(CHANGE_OPS.toArray()).equalTo(false),
          concat(lit("unknown change operation: "), col("_change_op"))));
      reasons.add(when(col("_change_op").equalTo("d").and(col("_before").isNull()),
          lit("a delete without the row before it")));
      reasons.add(when(col("_change_op").notEqual("d").and(col("_no_after")),
          lit("a change without the row after it")));
    }
    for (String r : source.required()) {
      reasons.add(when(col(r).isNull(), lit("missing required field: " + r)));
    }
    if (source.kind() == SourceKind.EVENTS && schema.getFieldIndex("timestamp").isDefined()) {
      reasons.add(when(col("timestamp").isNotNull().and(call_function("try_to_timestamp", col("timestamp")).isNull()),
          concat(lit("timestamp is not an ISO-8601 time: "), col("timestamp"))));
    }
    if (source.kind() == SourceKind.EVENTS && schema.getFieldIndex("type").isDefined()) {
      reasons.add(when(col("type").isin(EVENT_TYPES.toArray()).equalTo(false),
          concat(lit("unknown event type: "), col("type"))));
    }
    return coalesce(reasons.toArray(Column[]::new));
  }
}
