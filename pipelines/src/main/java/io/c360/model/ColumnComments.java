package io.c360.model;

import io.c360.config.ConfigException;
import io.c360.config.TableFormat;
import io.c360.config.TableName;
import io.c360.lake.Lakehouse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.connector.catalog.TableChange;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Column comments from a model's YAML ({@code columns:}) on its table, so {@code describe} says what
 * a column means. Set through the table's catalog (Delta's or Iceberg's), one metadata-only commit,
 * and only when a comment differs from the table's: a run that changes none commits nothing.
 */
final class ColumnComments {
  private ColumnComments() {}

  /** Refuses descriptions of columns the model does not return, naming the YAML. */
  static void check(Map<String, String> comments, Set<String> columns, String origin) {
    List<String> unknown = comments.keySet().stream().filter(c -> !columns.contains(c)).toList();
    if (!unknown.isEmpty()) {
      throw new ConfigException(origin + ": columns: " + String.join(", ", unknown)
          + " described but not among the columns the model returns (" + String.join(", ", columns) + ")");
    }
  }

  /** Sets the comments that differ from the table's; returns how many changed. */
  static int apply(Lakehouse lake, TableName table, Map<String, String> comments) {
    if (comments.isEmpty() || !lake.exists(table)) {
      return 0;
    }
    StructType schema = lake.read(table).schema();
    List<TableChange> changes = new ArrayList<>();
    for (Map.Entry<String, String> e : comments.entrySet()) {
      if (schema.getFieldIndex(e.getKey()).isEmpty()) {
        continue; // checked against the model's columns before the write
      }
      StructField field = schema.apply(e.getKey());
      String current = field.getComment().isDefined() ? field.getComment().get() : null;
      if (!e.getValue().equals(current)) {
        changes.add(TableChange.updateColumnComment(new String[] {e.getKey()}, e.getValue()));
      }
    }
    if (changes.isEmpty()) {
      return 0;
    }
    String catalog = lake.env().formatOf(table) == TableFormat.ICEBERG ? lake.env().icebergCatalog() : "spark_catalog";
    TableCatalog tables = (TableCatalog) lake.spark().sessionState().catalogManager().catalog(catalog);
    try {
      tables.alterTable(Identifier.of(new String[] {table.schema()}, table.table()),
          changes.toArray(TableChange[]::new));
    } catch (NoSuchTableException e) {
      throw new IllegalStateException(table + " disappeared while its column comments were set", e);
    }
    return changes.size();
  }
}
