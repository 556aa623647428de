package io.c360.identity;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.c360.config.ModelSpec;
import io.c360.config.Project;
import io.c360.config.SourceConfig;
import io.c360.config.TableName;
import io.c360.job.RunContext;
import io.c360.job.Step;
import io.c360.job.StepResult;
import io.c360.lake.Lakehouse;
import io.c360.model.ModelRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Builds silver.identifiers, every observation of an identifier, from the identifier columns each
 * source declares: so a new source needs a YAML file, not code. Values are normalised by type;
 * invalid and blocklisted values are counted as rejected and left out. Incremental like a silver
 * model ({@link ModelRun}): a run adds the observations of the bronze batches that are new.
 */
public final class IdentifiersStep implements Step {
  public static final TableName IDENTIFIERS = TableName.of("silver", "identifiers");
  private static final List<String> KEYS = List.of("id_type", "id_value", "source", "record_key", "observed_at");
  /**
   * The observation and the bronze batch that first carried it: models built on silver.identifiers
   * (silver.identity_edges) read it incrementally by that batch.
   */
  private static final List<String> COLUMNS = java.util.stream.Stream.concat(KEYS.stream(), java.util.stream.Stream.of(
      "_batch_id")).toList();

  private final Lakehouse lake;
  private final Project project;
  private final io.c360.model.RunHistory history;

  public IdentifiersStep(Lakehouse lake, Project project) {
    this(lake, project, new io.c360.model.RunHistory(lake));
  }

  /** @param history the job's run history, shared by its steps */
  public IdentifiersStep(Lakehouse lake, Project project, io.c360.model.RunHistory history) {
    this.lake = lake;
    this.project = project;
    this.history = history;
  }

  private List<SourceConfig> sources() {
    return project.sources().values().stream().filter(s -> !s.identifiers().isEmpty()).toList();
  }

  /** silver.identifiers as a model: one row per observation, merged on all its columns. */
  ModelSpec spec() {
    return new ModelSpec(IDENTIFIERS.toString(), "one row per observation of an identifier in a source record",
        KEYS, ModelSpec.Strategy.FIRST, sources().stream().map(SourceConfig::table).toList(), List.of("_batch_id"),
        List.of(),
        Optional.empty(), Optional.empty(), List.of(), List.of("id_value", "observed_at"), List.of());
  }

  @Override
  public StepResult apply(RunContext context) {
    long[] unusable = new long[2];
    List<Dataset<Row>> cached = new ArrayList<>();
    try {
      return apply(context, unusable, new java.util.TreeMap<>(), cached);
    } finally {
      cached.forEach(Dataset::unpersist);
    }
  }

  private StepResult apply(RunContext context, long[] unusable, Map<String, Long> rejected,
      List<Dataset<Row>> cached) {
    // What makes the rows: each source's identifier declarations and the identity rules (normalisation, blocklist).
    String definition = "columns: " + COLUMNS + "\n" + sources().stream().map(s -> s.name() + new java.util.TreeMap<>(s.identifiers())
        + s.phoneRegion() + s.phoneRegionColumn()).sorted().toList() + "\n" + project.identity().normalisationFingerprint();
    StepResult written = new ModelRun(lake, spec(), "the identifiers declared in conf/sources", definition,
        history)
        .apply(context, since -> {
      Dataset<Row> all = null;
      for (SourceConfig source : sources()) {
        if (!lake.exists(source.table())) {
          continue;
        }
        Dataset<Row> obs = observations(source, since);
        all = all == null ? obs : all.unionByName(obs);
      }
      if (all == null) {
        throw new IllegalStateException("no source declares identifiers, or no bronze table exists yet");
      }
      Dataset<Row> normalised = all
          .withColumn("id_value", call_function("c360_identifier", col("id_type"), col("raw_value"), col("phone_region")))
          .withColumn("is_usable", col("id_value").isNotNull()
              .and(not(call_function("c360_is_blocked", col("id_value")))))
          .persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK()); // counted, then written
      cached.add(normalised);
      Row counts = normalised.agg(count(lit(1)), count(when(not(col("is_usable")), 1))).first();
      unusable[0] = counts.getLong(0);
      unusable[1] = counts.getLong(1);
      if (unusable[1] > 0) {
        rejected.putAll(rejectedBySourceTypeAndReason(normalised));
      }
      return normalised.where(col("is_usable")).select(COLUMNS.stream().map(k -> col(k)).toArray(Column[]::new));
    });
    StepResult result = new StepResult(unusable[0], written.rowsWritten(), unusable[1], written.figures());
    for (Map.Entry<String, Long> r : rejected.entrySet()) {
      result = result.with(r.getKey(), r.getValue());
    }
    return result;
  }

  /**
   * The values left out, per source, identifier type and why ({@code invalid}: no valid form, e.g.
   * an unparsable phone; {@code blocklisted}: a placeholder or shared value), as the step's figures
   * {@code rejected.<source>.<type>.<why>}: a user learns which source sends which bad values.
   */
  private static Map<String, Long> rejectedBySourceTypeAndReason(Dataset<Row> normalised) {
    Map<String, Long> out = new java.util.TreeMap<>();
    Column why = when(col("id_value").isNull(), lit("invalid")).otherwise(lit("blocklisted"));
    for (Row r : normalised.where(not(col("is_usable"))).groupBy(col("source"), col("id_type"), why.as("why"))
        .count().collectAsList()) {
      out.put("rejected." + r.getString(0) + "." + r.getString(1) + "." + r.getString(2), r.getLong(3));
    }
    return out;
  }

  /** The region a source's national phone numbers are read in: its region column's country, else its default. */
  public static Column phoneRegion(SourceConfig source) {
    return source.phoneRegionColumn()
        .map(c -> coalesce(call_function("c360_country", col(c).cast(DataTypes.StringType)), lit(source.phoneRegion())))
        .orElse(lit(source.phoneRegion()));
  }

  private Dataset<Row> observations(SourceConfig source, long sinceBatch) {
    List<Column> ids = new ArrayList<>();
    for (Map.Entry<String, String> id : source.identifiers().entrySet()) {
      ids.add(struct(lit(id.getKey()).as("id_type"), col(id.getValue()).cast(DataTypes.StringType).as("raw_value")));
    }
    Column region = phoneRegion(source);
    return lake.read(source.table())
        .where(col("_batch_id").gt(sinceBatch))
        .select(
            lit(source.name()).as("source"),
            col(source.key()).cast(DataTypes.StringType).as("record_key"),
            call_function("try_to_timestamp", col(source.observedAt().orElseThrow()).cast(DataTypes.StringType))
                .as("observed_at"),
            region.as("phone_region"),
            col("_batch_id"),
            explode(array(ids.toArray(Column[]::new))).as("id"))
        .select(col("source"), col("record_key"), col("observed_at"), col("phone_region"), col("_batch_id"),
            col("id.id_type").as("id_type"), col("id.raw_value").as("raw_value"))
        .where(col("raw_value").isNotNull());
  }
}
