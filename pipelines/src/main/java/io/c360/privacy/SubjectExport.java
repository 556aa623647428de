package io.c360.privacy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.c360.conform.IdentifierArgument;
import io.c360.config.Project;
import io.c360.config.TableName;
import io.c360.lake.Lakehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * Subject access (GDPR article 15): everything c360 holds about a person, found as an erasure would
 * find it, as one JSON document a person can read. It leads with a summary (identifiers, the golden
 * record, consents, orders, current segments, which tables and landed files hold them), then every
 * row of every table that holds them. Columns that hold JSON text (a raw event line, a quarantined
 * record) are nested as JSON; c360's internal columns ({@code _batch_id}, {@code _record_hash},
 * {@code _raw}, ...) are left out unless asked for.
 */
public final class SubjectExport {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final TableName CUSTOMERS = TableName.of("gold", "customer_360");
  private static final TableName ORDERS = TableName.of("gold", "customer_orders");
  private static final TableName MEMBERSHIP = TableName.of("gold", "segment_membership");
  /** The golden record's fields, as the summary's profile. */
  private static final List<String> PROFILE = List.of("email", "phone", "first_name", "last_name", "birth_date",
      "street", "city", "postal_code", "country_code", "locale", "lifecycle_stage", "rfm_segment");
  private static final List<String> ORDER_FIELDS = List.of("order_id", "ordered_at", "status", "currency", "amount",
      "revenue", "is_refund");

  private final Lakehouse lake;
  private final Project project;

  public SubjectExport(Lakehouse lake, Project project) {
    this.lake = lake;
    this.project = project;
  }

  /** What was written: tables, rows, and the landed files that hold the person. */
  public record Written(int tables, long rows, int files) {}

  public Written write(List<IdentifierArgument> requested, Path out, Instant now, boolean internalColumns) {
    Subject subject = Subject.resolve(lake, requested);
    List<ErasureTargets.Target> targets = ErasureTargets.of(project.privacy(), project.sources().values());
    ErasurePlanner.Plan plan = new ErasurePlanner(lake).plan(targets, List.of(new ErasurePlanner.Person("export",
        subject)));
    LandingEraser.Result files = new LandingEraser(lake, project.privacy().landing())
        .preview(project.sources().values(), plan, ErasureTargets.viaTables(targets));

    Map<TableName, List<JsonNode>> rows = new LinkedHashMap<>();
    for (ErasurePlanner.TablePlan t : plan.tables()) {
      if (t.fingerprints().isEmpty()) {
        continue;
      }
      var data = lake.read(t.target().table());
      List<JsonNode> parsed = new ArrayList<>();
      for (Row r : data.where(TableEraser.fingerprint(data.columns(), null).isin(t.fingerprints().toArray()))
          .select(to_json(struct(col("*")))).collectAsList()) {
        parsed.add(readable(read(r.getString(0)), internalColumns));
      }
      rows.put(t.target().table(), parsed);
    }

    ObjectNode doc = JSON.createObjectNode();
    doc.put("about", "Everything c360 holds about one person, as of " + now + ": a summary first, then every row "
        + "of every table that holds them" + (internalColumns ? "" : " (c360's internal columns left out)") + ".");
    doc.put("generated_at", now.toString());
    ObjectNode summary = doc.putObject("summary");
    ArrayNode ids = summary.putArray("identifiers");
    for (IdentifierArgument id : subject.identifiers()) {
      ids.addObject().put("type", id.type()).put("value", id.value());
    }
    ArrayNode customers = summary.putArray("customer_ids");
    subject.customers().forEach(customers::add);
    List<JsonNode> profiles = rows.getOrDefault(CUSTOMERS, List.of());
    ArrayNode profileArray = summary.putArray("profile");
    ObjectNode consents = summary.putObject("consents");
    for (JsonNode p : profiles) {
      ObjectNode profile = profileArray.addObject();
      profile.put("customer_id", p.path("customer_id").asText());
      for (String f : PROFILE) {
        if (p.has(f) && !p.get(f).isNull()) {
          profile.set(f, p.get(f));
        }
      }
      p.path("consents").fields().forEachRemaining(e -> consents.set(e.getKey(), e.getValue()));
    }
    ArrayNode orders = summary.putArray("orders");
    for (JsonNode o : rows.getOrDefault(ORDERS, List.of())) {
      ObjectNode order = orders.addObject();
      ORDER_FIELDS.stream().filter(o::has).forEach(f -> order.set(f, o.get(f)));
    }
    ArrayNode segments = summary.putArray("segments");
    rows.getOrDefault(MEMBERSHIP, List.of()).stream()
        .filter(m -> m.path("exited_at").isMissingNode() || m.path("exited_at").isNull())
        .map(m -> m.path("segment").asText()).distinct().sorted().forEach(segments::add);
    ObjectNode sources = summary.putObject("rows_per_table");
    rows.forEach((table, list) -> sources.put(table.toString(), list.size()));
    ArrayNode landed = summary.putArray("files");
    files.changes().forEach(c -> landed.addObject().put("file", c.path())
        .put("records", c.recordsDropped()));
    files.unreadable().forEach((file, why) -> landed.addObject().put("file", LandingEraser.relative(lake, file))
        .put("not_searched", why));

    ArrayNode tables = doc.putArray("tables");
    long rowCount = 0;
    for (Map.Entry<TableName, List<JsonNode>> e : rows.entrySet()) {
      ObjectNode table = tables.addObject();
      table.put("table", e.getKey().toString());
      table.put("layer", e.getKey().schema());
      ArrayNode array = table.putArray("rows");
      e.getValue().forEach(array::add);
      rowCount += e.getValue().size();
    }
    try {
      if (out.getParent() != null) {
        Files.createDirectories(out.getParent());
      }
      JSON.writeValue(out.toFile(), doc);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out, e);
    }
    return new Written(rows.size(), rowCount, files.changes().size());
  }

  /**
   * A row as a person reads it: internal columns (a leading underscore) left out unless asked for,
   * and text that is a JSON object or array (a raw event, a quarantined record) nested as JSON.
   */
  static JsonNode readable(JsonNode row, boolean internalColumns) {
    ObjectNode out = JSON.createObjectNode();
    Iterator<Map.Entry<String, JsonNode>> fields = row.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      if (!internalColumns && f.getKey().startsWith("_")) {
        continue;
      }
      out.set(f.getKey(), nested(f.getValue()));
    }
    return out;
  }

  private static JsonNode nested(JsonNode value) {
    if (value.isTextual()) {
      String text = value.asText().strip();
      if ((text.startsWith("{") && text.endsWith("}")) || (text.startsWith("[") && text.endsWith("]"))) {
        try {
          return JSON.readTree(text);
        } catch (IOException notJson) {
          return value; // text that only looks like JSON stays text
        }
      }
    }
    return value;
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
