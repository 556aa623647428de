package io.c360.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.json_object_keys;

import io.c360.config.SourceConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Top-level fields that events carry but the declared schema lacks, as new string columns
 * (objects and arrays as their JSON text) for a source with {@code evolve-schema: true}. A field
 * whose name is not a plain identifier stays only in {@code _raw}.
 */
final class SchemaDrift {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaDrift.class);

  private SchemaDrift() {}

  static List<Column> newColumns(Dataset<Row> records, SourceConfig source) {
    Set<String> known = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    known.addAll(source.schema().keySet());
    List<Column> out = new ArrayList<>();
    for (String key : records.where(col("_reject_reason").isNull())
        .select(explode(json_object_keys(col("_raw")))).distinct().as(Encoders.STRING()).collectAsList()) {
      if (known.contains(key)) {
        continue;
      }
      if (!key.matches("[A-Za-z][A-Za-z0-9_]{0,127}")) {
        LOG.warn("source {}: new field {} is not a plain name; it stays in _raw only", source.name(),
            key.length() > 40 ? key.substring(0, 40) + "..." : key);
        continue;
      }
      out.add(get_json_object(col("_raw"), "$." + key).as(key));
    }
    if (!out.isEmpty()) {
      LOG.info("source {}: {} new fields become columns", source.name(), out.size());
    }
    return out;
  }
}
