package io.c360.profile;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import io.c360.config.ProfileRules;
import io.c360.config.SegmentDefinition;
import io.c360.config.TableName;
import io.c360.job.RunContext;
import io.c360.job.Step;
import io.c360.job.StepResult;
import io.c360.lake.Lakehouse;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Evaluates the segments of conf/profile.yaml over {@code gold.customer_360} and keeps their
 * history in {@code gold.segment_membership}: a customer who enters gets a row (entered_at), one
 * who leaves has it closed (exited_at); a later return opens a new row. A segment that requires a
 * consent admits only customers whose consent for that purpose and channel is granted now. The
 * sizes go to {@code gold.segments}. Running again on unchanged data changes nothing.
 */
public final class SegmentStep implements Step {
  public static final TableName MEMBERSHIP = TableName.of("gold", "segment_membership");
  public static final TableName SEGMENTS = TableName.of("gold", "segments");
  public static final TableName CUSTOMERS = TableName.of("gold", "customer_360");
  static final StructType MEMBERSHIP_SCHEMA = new StructType()
      .add("segment", DataTypes.StringType, false)
      .add("customer_id", DataTypes.StringType, false)
      .add("entered_at", DataTypes.TimestampType, false)
      .add("exited_at", DataTypes.TimestampType, true)
      .add("entered_run_id", DataTypes.StringType, false)
      .add("exited_run_id", DataTypes.StringType, true);

  private final Lakehouse lake;
  private final ProfileRules rules;

  public SegmentStep(Lakehouse lake, ProfileRules rules) {
    this.lake = lake;
    this.rules = rules;
  }

  /**
   * The customers a segment holds now: its predicate, and when it names a consent, a current grant
   * for that purpose and channel (or for the purpose on every channel, 'purpose:*'), and no
   * withdrawal for the purpose on every channel.
   */
  static Dataset<Row> members(Dataset<Row> customers, SegmentDefinition segment) {
    Column admitted;
    try {
      admitted = expr(segment.where());
      customers.where(admitted).schema(); // analysed now, so an error names the segment
    } catch (Exception e) { // Spark's AnalysisException and ParseException
      throw new IllegalStateException("segment " + segment.name() + ": where: " + e.getMessage()
          + " (conf/profile.yaml)", e);
    }
    if (segment.consent().isPresent()) {
      Column channel = element_at(col("consents"), lit(segment.consent().get().key()));
      Column everyChannel = element_at(col("consents"), lit(segment.consent().get().purpose() + ":*"));
      admitted = admitted.and(coalesce(channel, everyChannel, lit(false))).and(coalesce(everyChannel, lit(true)));
    }
    return customers.where(coalesce(admitted, lit(false))).select(lit(segment.name()).as("segment"), col("customer_id"));
  }

  @Override
  public StepResult apply(RunContext run) {
    lake.ensure(MEMBERSHIP, MEMBERSHIP_SCHEMA);
    Dataset<Row> customers = lake.read(CUSTOMERS);
    Dataset<Row> current = null;
    for (SegmentDefinition s : rules.segments()) {
      Dataset<Row> m = members(customers, s);
      current = current == null ? m : current.union(m);
    }
    if (current == null) {
      current = lake.spark().createDataFrame(List.of(), new StructType().add("segment", "string").add("customer_id", "string"));
    }
    current = current.localCheckpoint(true);
    Dataset<Row> open = lake.read(MEMBERSHIP).where(col("exited_at").isNull()).localCheckpoint(true);
    Timestamp now = Timestamp.from(run.startedAt());
    String[] key = {"segment", "customer_id"};
    Dataset<Row> entered = current.join(open, key, "left_anti")
        .select(col("segment"), col("customer_id"), lit(now).as("entered_at"),
            lit(null).cast("timestamp").as("exited_at"), lit(run.runId()).as("entered_run_id"),
            lit(null).cast("string").as("exited_run_id"));
    Dataset<Row> exited = open.join(current, key, "left_anti")
        .withColumn("exited_at", lit(now)).withColumn("exited_run_id", lit(run.runId()));
    Dataset<Row> changes = entered.unionByName(exited).localCheckpoint(true);
    long enteredCount = entered.count();
    long exitedCount = exited.count();
    if (enteredCount + exitedCount > 0) {
      lake.replaceKeys(MEMBERSHIP, List.of("segment", "customer_id", "entered_at"), changes.limit(0), changes);
    }
    long members = current.count();
    lake.overwrite(SEGMENTS, sizes(current, run, now));
    return StepResult.of(customers.count(), enteredCount + exitedCount, 0)
        .with("members", members).with("entered", enteredCount).with("exited", exitedCount);
  }

  /** One row per declared segment: its definition and how many customers it holds now. */
  private Dataset<Row> sizes(Dataset<Row> current, RunContext run, Timestamp now) {
    java.util.Map<String, Long> counts = new java.util.HashMap<>();
    for (Row r : current.groupBy("segment").count().collectAsList()) {
      counts.put(r.getString(0), r.getLong(1));
    }
    List<Row> rows = new ArrayList<>();
    for (SegmentDefinition s : rules.segments()) {
      rows.add(RowFactory.create(s.name(), s.description(), s.where(),
          s.consent().map(SegmentDefinition.Consent::purpose).orElse(null),
          s.consent().map(SegmentDefinition.Consent::channel).orElse(null),
          counts.getOrDefault(s.name(), 0L), now, run.runId()));
    }
    StructType schema = new StructType().add("segment", "string", false).add("description", "string")
        .add("predicate", "string").add("consent_purpose", "string").add("consent_channel", "string")
        .add("members", "long", false).add("refreshed_at", "timestamp", false).add("run_id", "string", false);
    return lake.spark().createDataFrame(rows, schema);
  }
}
