package io.c360.privacy;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.udf;

import io.c360.conform.IdentifierArgument;
import io.c360.config.PrivacyRules;
import io.c360.config.TableName;
import io.c360.identity.IdentifiersStep;
import io.c360.lake.Lakehouse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

/**
 * Finds the rows of each table that hold the people of a set of requests, before anything is
 * deleted: per table, the matching rows' fingerprints and how many rows each request holds there.
 * Identifier values reach Spark only as literals of the DataFrame API, never as SQL text. Tables
 * are visited in the catalog's order, so a table found {@code via} another (an order's lines) sees
 * the person's keys there, and bronze's raw spellings of an identifier are known before the
 * quarantine and the landing files are searched for them.
 */
final class ErasurePlanner {
  private static final String REQUESTS = "_c360_requests";
  private static final String ROW = "_c360_row";

  private final Lakehouse lake;

  ErasurePlanner(Lakehouse lake) {
    this.lake = lake;
  }

  /** The person one request names. */
  record Person(String requestId, Subject subject) {}

  /** The rows of one table that go: fingerprints, and rows per request. */
  record TablePlan(ErasureTargets.Target target, List<String> fingerprints, Map<String, Long> rowsPerRequest) {
    long rows() {
      return rowsPerRequest.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** Every table's rows that go, and what searching them taught about the people. */
  record Plan(List<Person> people, List<TablePlan> tables, Map<String, Set<String>> rawForms,
      Map<String, TraceMatcher> matchers, Map<String, Set<String>> keys, Map<String, Set<String>> keyValues) {

    /**
     * Every person's forms labelled by request; with {@code keys}, also the keys their rows were
     * found through (order ids), which mark the lines of their orders in landing files.
     */
    TraceMatcher combined(boolean withKeys) {
      TraceMatcher.Builder b = TraceMatcher.builder();
      for (Person p : people) {
        addForms(b, p.subject(), rawForms.get(p.requestId()), p.requestId());
        if (withKeys) {
          keys.getOrDefault(p.requestId(), Set.of()).forEach(k -> b.value(k, p.requestId() + " key"));
        }
      }
      return b.build();
    }
  }

  Plan plan(List<ErasureTargets.Target> targets, List<Person> people) {
    Map<String, Map<TableName, Map<String, Set<String>>>> viaValues = new LinkedHashMap<>();
    Map<String, Set<String>> rawForms = new LinkedHashMap<>(); // request -> "type\tvalue as stored in bronze"
    people.forEach(p -> {
      viaValues.put(p.requestId(), new LinkedHashMap<>());
      rawForms.put(p.requestId(), new LinkedHashSet<>());
    });
    Map<String, Subject> subjects = new LinkedHashMap<>();
    people.forEach(p -> subjects.put(p.requestId(), p.subject()));
    Map<TableName, Set<String>> viaColumns = new LinkedHashMap<>();
    for (ErasureTargets.Target t : targets) {
      if (t instanceof ErasureTargets.Derived d && d.catalog().via().isPresent()) {
        viaColumns.computeIfAbsent(d.catalog().via().get().from(), k -> new LinkedHashSet<>())
            .add(d.catalog().via().get().column());
      }
    }
    List<TablePlan> out = new ArrayList<>();
    Map<String, TraceMatcher> matchers = new LinkedHashMap<>();
    for (ErasureTargets.Target t : targets) {
      if (!lake.exists(t.table())) {
        continue;
      }
      if (t instanceof ErasureTargets.Quarantine) {
        people.forEach(p -> matchers.put(p.requestId(), matcher(p.subject(), rawForms.get(p.requestId()))));
      }
      Dataset<Row> rows = lake.read(t.table());
      String[] columns = rows.columns();
      Dataset<Row> held = t instanceof ErasureTargets.Quarantine ? quarantine(rows, people, rawForms)
          : byKeys(rows, t, people, viaValues);
      List<Column> selected = new ArrayList<>(List.of(TableEraser.fingerprint(columns, null).as(TableEraser.FINGERPRINT),
          col(REQUESTS)));
      List<String> extra = new ArrayList<>();
      if (t instanceof ErasureTargets.Bronze b) {
        b.source().identifiers().forEach((type, column) -> {
          // The value as stored beside its normalised form: only the person's own identifiers count
          // as their spellings, not every id on a row of theirs (a shared device's id is someone else's too).
          selected.add(array(col(column).cast(DataTypes.StringType), call_function("c360_identifier", lit(type),
              col(column).cast(DataTypes.StringType), IdentifiersStep.phoneRegion(b.source()))));
          extra.add("raw\t" + type);
        });
      }
      viaColumns.getOrDefault(t.table(), Set.of()).forEach(c -> {
        selected.add(col(c).cast(DataTypes.StringType));
        extra.add("via\t" + c);
      });
      List<Row> hits = held.select(selected.toArray(Column[]::new)).collectAsList();
      Set<String> fingerprints = new LinkedHashSet<>();
      Map<String, Long> perRequest = new LinkedHashMap<>();
      people.forEach(p -> perRequest.put(p.requestId(), 0L));
      for (Row r : hits) {
        fingerprints.add(r.getString(0));
        for (String request : r.<String>getList(1)) {
          perRequest.merge(request, 1L, Long::sum);
          Subject subject = subjects.get(request);
          for (int i = 0; i < extra.size(); i++) {
            String[] what = extra.get(i).split("\t");
            if (what[0].equals("raw")) {
              List<String> rawAndNormalised = r.getList(2 + i);
              String raw = rawAndNormalised.get(0);
              if (raw != null && subject.values(what[1]).contains(rawAndNormalised.get(1))) {
                rawForms.get(request).add(what[1] + "\t" + raw);
              }
              continue;
            }
            String v = r.getString(2 + i);
            if (v == null) {
              continue;
            } else {
              viaValues.get(request).computeIfAbsent(t.table(), k -> new LinkedHashMap<>())
                  .computeIfAbsent(what[1], k -> new LinkedHashSet<>()).add(v);
            }
          }
        }
      }
      out.add(new TablePlan(t, List.copyOf(fingerprints), perRequest));
    }
    people.forEach(p -> matchers.putIfAbsent(p.requestId(), matcher(p.subject(), rawForms.get(p.requestId()))));
    Map<String, Set<String>> keys = new LinkedHashMap<>();
    Map<String, Set<String>> keyValues = new LinkedHashMap<>();
    viaValues.forEach((request, byTable) -> byTable.values().forEach(byColumn -> byColumn.forEach((column, v) -> {
      keys.computeIfAbsent(request, k -> new LinkedHashSet<>()).addAll(v);
      keyValues.computeIfAbsent(column, k -> new LinkedHashSet<>()).addAll(v);
    })));
    return new Plan(List.copyOf(people), out, rawForms, matchers, keys, keyValues);
  }

  /** The forms a person's identifiers take in text: normalised, as requested, as bronze stored them. */
  static TraceMatcher matcher(Subject subject, Set<String> rawForms) {
    TraceMatcher.Builder b = TraceMatcher.builder();
    addForms(b, subject, rawForms, null);
    return b.build();
  }

  /** Adds a person's forms labelled {@code label}, or by identifier type when it is null. */
  static void addForms(TraceMatcher.Builder b, Subject subject, Set<String> rawForms, String label) {
    for (IdentifierArgument id : subject.identifiers()) {
      add(b, id.type(), id.value(), label);
      add(b, id.type(), id.asGiven(), label);
    }
    for (String raw : rawForms) {
      String[] typeAndValue = raw.split("\t", 2);
      add(b, typeAndValue[0], typeAndValue[1], label);
    }
  }

  private static void add(TraceMatcher.Builder b, String type, String value, String label) {
    String l = label == null ? type : label + " " + type;
    if (type.equals("phone")) {
      b.phone(value, l);
      nationalDigits(value).forEach(d -> b.phoneDigits(d, l));
    } else {
      b.value(value, l);
    }
  }

  /**
   * The digits a number in international form is also written with: national significant number,
   * with the trunk 0, and the country code followed by the trunk 0 ("+33 (0)6 ...").
   */
  static List<String> nationalDigits(String e164) {
    if (e164 == null || !e164.startsWith("+")) {
      return List.of();
    }
    try {
      com.google.i18n.phonenumbers.PhoneNumberUtil util = com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance();
      com.google.i18n.phonenumbers.Phonenumber.PhoneNumber n = util.parse(e164, "ZZ");
      String nsn = util.getNationalSignificantNumber(n);
      return List.of(nsn, "0" + nsn, n.getCountryCode() + "0" + nsn);
    } catch (com.google.i18n.phonenumbers.NumberParseException e) {
      return List.of();
    }
  }

  private static final StructType KEYS = new StructType().add("k_type", DataTypes.StringType, false)
      .add("k_value", DataTypes.StringType, false).add("k_request", DataTypes.StringType, false);

  /**
   * The rows holding any person, with the requests whose person each holds ({@value #REQUESTS}):
   * every row's keys (its identifiers, normalised, its customer ids, its via key) joined with the
   * people's keys. One pass over the table however many people are erased at once.
   */
  private Dataset<Row> byKeys(Dataset<Row> rows, ErasureTargets.Target t, List<Person> people,
      Map<String, Map<TableName, Map<String, Set<String>>>> viaValues) {
    List<Column> keys = new ArrayList<>();
    List<Row> wanted = new ArrayList<>();
    for (Person p : people) {
      for (IdentifierArgument id : p.subject().identifiers()) {
        wanted.add(RowFactory.create(id.type(), id.value(), p.requestId()));
      }
      p.subject().customers().forEach(c -> wanted.add(RowFactory.create("_customer", c, p.requestId())));
    }
    if (t instanceof ErasureTargets.Bronze b) {
      b.source().identifiers().forEach((type, column) -> keys.add(key(lit(type), call_function("c360_identifier",
          lit(type), col(column).cast(DataTypes.StringType), IdentifiersStep.phoneRegion(b.source())))));
    } else {
      ErasureTargets.Derived d = (ErasureTargets.Derived) t;
      d.identifiers().forEach((type, column) -> keys.add(key(lit(type), col(column))));
      boolean raw = d.table().schema().equals("bronze"); // values as received: normalised first
      for (List<String> pair : d.catalog().typed()) {
        Column type = raw ? lower(trim(col(pair.get(0)))) : col(pair.get(0));
        keys.add(key(type, raw ? call_function("c360_identifier", type, col(pair.get(1)).cast(DataTypes.StringType),
            lit("GB")) : col(pair.get(1))));
      }
      d.catalog().customer().forEach(c -> keys.add(key(lit("_customer"), col(c))));
      if (d.catalog().via().isPresent()) {
        PrivacyRules.Via v = d.catalog().via().get();
        keys.add(key(lit("_via"), col(v.column())));
        for (Person p : people) {
          viaValues.get(p.requestId()).getOrDefault(v.from(), Map.of()).getOrDefault(v.column(), Set.of())
              .forEach(k -> wanted.add(RowFactory.create("_via", k, p.requestId())));
        }
      }
    }
    Dataset<Row> peopleKeys = lake.spark().createDataFrame(wanted, KEYS);
    Dataset<Row> exploded = rows.withColumn(ROW, monotonically_increasing_id())
        .withColumn("_c360_key", explode(array(keys.toArray(Column[]::new))));
    Dataset<Row> joined = exploded.join(broadcast(peopleKeys), col("_c360_key.k_type").equalTo(col("k_type"))
        .and(col("_c360_key.k_value").equalTo(col("k_value"))));
    String[] columns = rows.columns();
    return joined.groupBy(col(ROW)).agg(collect_set(col("k_request")).as(REQUESTS),
            first(struct(Arrays.stream(columns).map(c -> col("`" + c + "`")).toArray(Column[]::new)))
                .as("_c360_row_data"))
        .select(col("_c360_row_data.*"), col(REQUESTS));
  }

  private static Column key(Column type, Column value) {
    return struct(type.cast(DataTypes.StringType).as("k_type"), value.cast(DataTypes.StringType).as("k_value"));
  }

  /** ops.quarantine: a rejected record's text holds a form of a person's identifiers, as a whole token. */
  private static Dataset<Row> quarantine(Dataset<Row> rows, List<Person> people, Map<String, Set<String>> rawForms) {
    TraceMatcher.Builder b = TraceMatcher.builder();
    people.forEach(p -> addForms(b, p.subject(), rawForms.get(p.requestId()), p.requestId()));
    TraceMatcher m = b.build();
    UDF1<String, String[]> requests = s -> m.findAll(s).stream().map(l -> l.substring(0, l.indexOf(' '))).distinct()
        .toArray(String[]::new);
    return rows.withColumn(REQUESTS, udf(requests, DataTypes.createArrayType(DataTypes.StringType)).apply(col("record")))
        .where(size(col(REQUESTS)).gt(0));
  }
}
