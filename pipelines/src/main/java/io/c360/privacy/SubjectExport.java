package io.c360.privacy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.c360.conform.IdentifierArgument;
import io.c360.config.Project;
import io.c360.lake.Lakehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * Subject access (GDPR article 15): everything c360 holds about a person, found as an erasure
 * would find it, written as one indented JSON document: their identifiers and customer ids, then
 * per table (bronze, silver, gold, quarantine) every row, column by column.
 */
public final class SubjectExport {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Lakehouse lake;
  private final Project project;

  public SubjectExport(Lakehouse lake, Project project) {
    this.lake = lake;
    this.project = project;
  }

  /** What was written: tables and rows. */
  public record Written(int tables, long rows) {}

  public Written write(List<IdentifierArgument> requested, Path out, Instant now) {
    Subject subject = Subject.resolve(lake, requested);
    ErasurePlanner.Plan plan = new ErasurePlanner(lake).plan(
        ErasureTargets.of(project.privacy(), project.sources().values()), List.of(new ErasurePlanner.Person("export",
            subject)));
    ObjectNode doc = JSON.createObjectNode();
    doc.put("about", "Everything c360 holds about one person, as of " + now
        + ": their identifiers, the customer ids c360 gave them, and every row of every table that holds them.");
    doc.put("generated_at", now.toString());
    ArrayNode ids = doc.putArray("identifiers");
    for (IdentifierArgument id : subject.identifiers()) {
      ids.addObject().put("type", id.type()).put("value", id.value());
    }
    ArrayNode customers = doc.putArray("customer_ids");
    subject.customers().forEach(customers::add);
    ArrayNode tables = doc.putArray("tables");
    int tableCount = 0;
    long rowCount = 0;
    for (ErasurePlanner.TablePlan t : plan.tables()) {
      if (t.fingerprints().isEmpty()) {
        continue;
      }
      var data = lake.read(t.target().table());
      String[] columns = data.columns();
      List<Row> rows = data.where(TableEraser.fingerprint(columns, null).isin(t.fingerprints().toArray()))
          .select(to_json(struct(col("*")))).collectAsList();
      ObjectNode table = tables.addObject();
      table.put("table", t.target().table().toString());
      table.put("layer", t.target().table().schema());
      ArrayNode array = table.putArray("rows");
      try {
        for (Row r : rows) {
          array.add(JSON.readTree(r.getString(0)));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      tableCount++;
      rowCount += rows.size();
    }
    try {
      if (out.getParent() != null) {
        Files.createDirectories(out.getParent());
      }
      JSON.writeValue(out.toFile(), doc);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out, e);
    }
    return new Written(tableCount, rowCount);
  }
}
