package io.c360.privacy;

import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.trim;

import io.c360.conform.IdentifierArgument;
import io.c360.config.TableName;
import io.c360.identity.IdentifiersStep;
import io.c360.lake.Lakehouse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/**
 * Which rows of each table hold a person: a predicate per {@link ErasureTargets.Target}, built from
 * the person's identifiers as DataFrame literals. The dry run counts them.
 */
final class ErasurePlanner {
  private final Lakehouse lake;

  ErasurePlanner(Lakehouse lake) {
    this.lake = lake;
  }

  /** Rows that would go, per existing table, in the targets' order. */
  Map<TableName, Long> count(List<ErasureTargets.Target> targets, Subject subject) {
    Map<TableName, Long> out = new LinkedHashMap<>();
    for (ErasureTargets.Target t : targets) {
      if (lake.exists(t.table())) {
        out.put(t.table(), lake.read(t.table()).where(matches(t, subject)).count());
      }
    }
    return out;
  }

  /** True for a row of the target's table that holds the subject. */
  static Column matches(ErasureTargets.Target target, Subject subject) {
    if (target instanceof ErasureTargets.Bronze b) {
      return bronze(b, subject);
    }
    if (target instanceof ErasureTargets.Derived d) {
      return derived(d, subject);
    }
    return quarantine(subject);
  }

  /** A source's identifier columns, normalised as ingestion does, hold one of the subject's values. */
  private static Column bronze(ErasureTargets.Bronze b, Subject subject) {
    Column any = lit(false);
    for (Map.Entry<String, String> id : b.source().identifiers().entrySet()) {
      List<String> values = subject.values(id.getKey());
      if (!values.isEmpty()) {
        Column normalised = call_function("c360_identifier", lit(id.getKey()),
            col(id.getValue()).cast(DataTypes.StringType), IdentifiersStep.phoneRegion(b.source()));
        any = any.or(normalised.isin(values.toArray()));
      }
    }
    return any;
  }

  /** An identifier column, a (type, value) pair or the customer id column holds the subject. */
  private static Column derived(ErasureTargets.Derived d, Subject subject) {
    Column any = lit(false);
    for (Map.Entry<String, String> id : d.identifiers().entrySet()) {
      List<String> values = subject.values(id.getKey());
      if (!values.isEmpty()) {
        any = any.or(col(id.getValue()).isin(values.toArray()));
      }
    }
    boolean raw = d.table().schema().equals("bronze"); // values as received: normalised first
    for (List<String> pair : d.catalog().typed()) {
      Column type = raw ? lower(trim(col(pair.get(0)))) : col(pair.get(0));
      Column value = raw ? call_function("c360_identifier", type, col(pair.get(1)).cast(DataTypes.StringType),
          lit("GB")) : col(pair.get(1));
      for (IdentifierArgument id : subject.identifiers()) {
        any = any.or(type.equalTo(lit(id.type())).and(value.equalTo(lit(id.value()))));
      }
    }
    if (d.catalog().customer().isPresent() && !subject.customers().isEmpty()) {
      any = any.or(col(d.catalog().customer().get()).isin(subject.customers().toArray()));
    }
    return any;
  }

  /** A rejected record's text holds an identifier: normalised, as given, or a phone's digits without '+'. */
  private static Column quarantine(Subject subject) {
    Column any = lit(false);
    Column text = lower(col("record"));
    for (IdentifierArgument id : subject.identifiers()) {
      any = any.or(text.contains(lit(id.value().toLowerCase(Locale.ROOT))));
      if (!id.asGiven().equals(id.value())) {
        any = any.or(text.contains(lit(id.asGiven().toLowerCase(Locale.ROOT))));
      }
      if (id.type().equals("phone") && id.value().startsWith("+")) {
        any = any.or(text.contains(lit(id.value().substring(1))));
      }
    }
    return any;
  }
}
