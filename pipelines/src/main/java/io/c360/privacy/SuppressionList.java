package io.c360.privacy;

import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;

import io.c360.config.SourceConfig;
import io.c360.config.TableName;
import io.c360.lake.Lakehouse;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * compliance.suppression read for ingestion: a record any of whose identifiers hashes (salted) to a
 * suppressed entry belongs to an erased person and is dropped at the door. The hashes travel to
 * executors as a broadcast set and the salt inside a function, so neither appears in query plans.
 */
public final class SuppressionList {
  public static final TableName TABLE = TableName.of("compliance", "suppression");
  public static final StructType SCHEMA = new StructType()
      .add("id_type", DataTypes.StringType, false)
      .add("id_hash", DataTypes.StringType, false)
      .add("request_id", DataTypes.StringType, true)
      .add("suppressed_at", DataTypes.TimestampType, false);

  private final Optional<UserDefinedFunction> isSuppressed;
  private final int entries;
  private final Map<TableName, java.util.List<java.util.List<String>>> typed;

  private SuppressionList(Optional<UserDefinedFunction> isSuppressed, int entries,
      Map<TableName, java.util.List<java.util.List<String>>> typed) {
    this.isSuppressed = isSuppressed;
    this.entries = entries;
    this.typed = typed;
  }

  /**
   * Also tests the (type column, value column) pairs conf/privacy.yaml lists for bronze tables:
   * a consent record names its identifier's type in a column instead of declaring it.
   */
  public SuppressionList withTyped(io.c360.config.PrivacyRules rules) {
    Map<TableName, java.util.List<java.util.List<String>>> pairs = new java.util.HashMap<>();
    rules.personalData().stream().filter(p -> !p.typed().isEmpty())
        .forEach(p -> pairs.put(p.table(), p.typed()));
    return new SuppressionList(isSuppressed, entries, pairs);
  }

  /** Reads the list; the salt comes from {@code salt} and is required only when the list is not empty. */
  public static SuppressionList load(Lakehouse lake, Supplier<Optional<String>> salt) {
    if (!lake.exists(TABLE)) {
      return new SuppressionList(Optional.empty(), 0, Map.of());
    }
    Set<String> hashes = new HashSet<>();
    for (Row r : lake.read(TABLE).select("id_hash").distinct().collectAsList()) {
      hashes.add(r.getString(0));
    }
    if (hashes.isEmpty()) {
      return new SuppressionList(Optional.empty(), 0, Map.of());
    }
    String s = salt.get().filter(v -> !v.isEmpty()).orElseThrow(() -> new IllegalStateException(TABLE + " holds "
        + hashes.size() + " erased identifiers but " + SuppressionHash.SALT_VARIABLE + " is not set and the "
        + "lakehouse has no salt of its own, so ingestion cannot keep erased people out; set it to the salt the "
        + "erasures used"));
    Broadcast<Set<String>> set = JavaSparkContext.fromSparkContext(lake.spark().sparkContext()).broadcast(hashes);
    UDF2<String, String, Boolean> test = (type, value) ->
        value != null && set.value().contains(SuppressionHash.of(s, type, value));
    return new SuppressionList(Optional.of(udf(test, DataTypes.BooleanType).asNondeterministic()), hashes.size(),
        Map.of());
  }

  /**
   * The salt ingestion uses: {@link Salts#forIngest}, checked at once, so an environment that
   * requires the variable refuses to ingest without it even before anything was erased.
   */
  public static Supplier<Optional<String>> salt(Lakehouse lake) {
    Optional<String> salt = new Salts(lake.env(), System.getenv(), lake.spark().sparkContext().hadoopConfiguration())
        .forIngest().map(Salts.Salt::value);
    return () -> salt;
  }

  public int entries() {
    return entries;
  }

  /** True for a record of {@code source} that carries a suppressed identifier. */
  public Column matches(SourceConfig source) {
    java.util.List<java.util.List<String>> pairs = typed.getOrDefault(source.table(), java.util.List.of());
    if (isSuppressed.isEmpty() || source.identifiers().isEmpty() && pairs.isEmpty()) {
      return lit(false);
    }
    Column region = source.phoneRegionColumn()
        .map(c -> coalesce(call_function("c360_country", col(c).cast(DataTypes.StringType)), lit(source.phoneRegion())))
        .orElse(lit(source.phoneRegion()));
    Column any = lit(false);
    for (Map.Entry<String, String> id : source.identifiers().entrySet()) {
      Column normalised = call_function("c360_identifier", lit(id.getKey()), col(id.getValue()).cast(DataTypes.StringType),
          region);
      any = any.or(coalesce(isSuppressed.get().apply(lit(id.getKey()), normalised), lit(false)));
    }
    for (java.util.List<String> pair : pairs) {
      Column type = org.apache.spark.sql.functions.lower(org.apache.spark.sql.functions.trim(col(pair.get(0))));
      Column normalised = call_function("c360_identifier", type, col(pair.get(1)).cast(DataTypes.StringType), region);
      any = any.or(coalesce(isSuppressed.get().apply(type, normalised), lit(false)));
    }
    return any;
  }
}
