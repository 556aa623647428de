package io.c360.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.c360.config.TableName;
import io.c360.lake.Lakehouse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job run's records of itself (its step rows as each step ends, then its job row), kept on the
 * lakehouse's file system until they reach the ops tables: {@code <lakehouse>/_c360/runs/<run_id>/},
 * one small file per row. A job appends its ops rows in one commit per table at its end ({@link
 * io.c360.lake.OpsRows}); a run killed before that (kill -9, the machine stopped) or whose rows could not be
 * appended (a full disk) leaves its journal, and the next run records what it holds and deletes it
 * ({@link OpsRunLog#recordEarlierRuns}). Writing the journal never fails a run: a row that cannot be written is
 * logged and left to the ops tables alone.
 */
final class RunJournal {
  private static final Logger LOG = LoggerFactory.getLogger(RunJournal.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Room kept for a run's rows on a file system that fills up: a row takes one 4 KiB block. */
  static final int RESERVE = 128 * 1024;
  private static final String RESERVE_FILE = "reserve";

  private final FileSystem fs;
  private final Path folder;
  private int written;
  private boolean reserved;

  private RunJournal(FileSystem fs, Path folder) {
    this.fs = fs;
    this.folder = folder;
  }

  /** The folder of every run's journal in a lakehouse. */
  static Path root(String lakehouse) {
    return new Path(lakehouse + "/_c360/runs");
  }

  /** The journal of run {@code runId}; nothing is written until its first row. */
  static RunJournal of(Lakehouse lake, String runId) {
    Path folder = new Path(root(lake.env().lakehouse()), runId);
    try {
      FileSystem fs = folder.getFileSystem(lake.spark().sparkContext().hadoopConfiguration());
      // No checksum files beside the rows: one file per row is enough to write on a full disk.
      return new RunJournal(fs instanceof org.apache.hadoop.fs.LocalFileSystem local ? local.getRaw() : fs, folder);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot open the run journal " + folder, e);
    }
  }

  /**
   * Keeps one row of {@code table}; a failure to write it is logged, not thrown. The first row
   * comes with a reserve, a file of {@link #RESERVE} bytes: when a row finds no room (a full disk),
   * the reserve is deleted and the row written again, so a run stopped by a full disk still keeps
   * what it did.
   */
  void write(TableName table, StructType schema, Row row) {
    if (written == 0) {
      reserved = put(new Path(folder, RESERVE_FILE), new byte[RESERVE]) == null;
    }
    Path file = new Path(folder, String.format(java.util.Locale.ROOT, "%04d.json", written++));
    byte[] bytes = encode(table, schema, row).getBytes(StandardCharsets.UTF_8);
    Throwable failed = put(file, bytes);
    if (failed != null && reserved) {
      reserved = false;
      try {
        fs.delete(new Path(folder, RESERVE_FILE), false);
        failed = put(file, bytes);
      } catch (IOException e) {
        failed = e;
      }
    }
    if (failed != null) {
      LOG.warn("run journal {}: could not keep a row of {} ({}); it reaches the table only if the run ends normally",
          folder, table, failed.getMessage());
    }
  }

  /** Writes a file whole; returns why it could not be, or null. */
  private Throwable put(Path file, byte[] bytes) {
    try (FSDataOutputStream out = fs.create(file, true)) {
      out.write(bytes);
      return null;
    } catch (IOException | RuntimeException | org.apache.hadoop.fs.FSError e) {
      return e; // Hadoop's local file system throws FSError, an Error, on a full disk
    }
  }

  /** Removes the journal once its rows are in the ops tables. */
  void delete() {
    try {
      fs.delete(folder, true);
    } catch (IOException e) {
      LOG.warn("run journal {}: could not delete it ({}); the next run finds its rows already recorded", folder,
          e.getMessage());
    }
  }

  /** One row as a line of JSON: its table and its values by column; times as ISO-8601 instants. */
  static String encode(TableName table, StructType schema, Row row) {
    ObjectNode node = JSON.createObjectNode();
    node.put("table", table.toString());
    ObjectNode values = node.putObject("row");
    for (int i = 0; i < schema.fields().length; i++) {
      StructField f = schema.fields()[i];
      Object v = row.get(i);
      if (v == null) {
        values.putNull(f.name());
      } else if (v instanceof Timestamp t) {
        values.put(f.name(), t.toInstant().toString());
      } else if (v instanceof Map<?, ?> m) {
        ObjectNode map = values.putObject(f.name());
        m.forEach((k, x) -> map.put(k.toString(), ((Number) x).longValue()));
      } else {
        values.set(f.name(), JSON.valueToTree(v));
      }
    }
    return node.toString();
  }

  /** A row read back: its table, and its values in {@code schema}'s order; null when the line is not one. */
  static Row decode(String line, StructType schema) {
    try {
      JsonNode values = JSON.readTree(line).get("row");
      Object[] cells = new Object[schema.fields().length];
      for (int i = 0; i < cells.length; i++) {
        StructField f = schema.fields()[i];
        JsonNode v = values.get(f.name());
        cells[i] = v == null || v.isNull() ? null : value(v, f.dataType());
        if (cells[i] == null && !f.nullable()) {
          return null;
        }
      }
      return RowFactory.create(cells);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static Object value(JsonNode v, DataType type) {
    if (type.equals(DataTypes.StringType)) {
      return v.asText();
    } else if (type.equals(DataTypes.TimestampType)) {
      return Timestamp.from(Instant.parse(v.asText()));
    } else if (type.equals(DataTypes.DoubleType)) {
      return v.asDouble();
    } else if (type.equals(DataTypes.LongType)) {
      return v.asLong();
    } else if (type.equals(DataTypes.IntegerType)) {
      return v.asInt();
    } else if (type.equals(DataTypes.BooleanType)) {
      return v.asBoolean();
    } else if (type instanceof MapType) {
      Map<String, Long> map = new LinkedHashMap<>();
      v.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asLong()));
      return map;
    }
    throw new IllegalArgumentException("a run journal keeps no column of type " + type);
  }

  /** What a run left in its journal: its rows per table, read back in the order they were kept. */
  record LeftOver(String runId, Path folder, Map<TableName, List<Row>> rows) {}

  /**
   * The journals left by runs other than {@code runId}: runs killed, or whose rows could not be
   * appended. Files that cannot be read back (cut short by a full disk) are skipped.
   *
   * @param schemas the ops tables a journal may hold rows of, with their schemas
   */
  static List<LeftOver> leftOver(String lakehouse, Configuration conf, String runId,
      Map<TableName, StructType> schemas) throws IOException {
    Path root = root(lakehouse);
    FileSystem fs = root.getFileSystem(conf);
    if (!fs.exists(root)) {
      return List.of();
    }
    List<LeftOver> out = new ArrayList<>();
    for (FileStatus run : fs.listStatus(root)) {
      if (!run.isDirectory() || run.getPath().getName().equals(runId)) {
        continue;
      }
      Map<TableName, List<Row>> rows = new LinkedHashMap<>();
      FileStatus[] files = fs.listStatus(run.getPath());
      java.util.Arrays.sort(files, java.util.Comparator.comparing(f -> f.getPath().getName()));
      for (FileStatus f : files) {
        if (!f.getPath().getName().endsWith(".json")) {
          continue; // the reserve, checksums
        }
        String line;
        try (var in = fs.open(f.getPath())) {
          line = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        TableName table;
        try {
          table = TableName.parse(JSON.readTree(line).get("table").asText());
        } catch (IOException | RuntimeException e) {
          LOG.warn("run journal {}: {} is not a row; skipped", run.getPath(), f.getPath().getName());
          continue;
        }
        StructType schema = schemas.get(table);
        Row row = schema == null ? null : decode(line, schema);
        if (row == null) {
          LOG.warn("run journal {}: {} is not a row of a known table; skipped", run.getPath(), f.getPath().getName());
          continue;
        }
        rows.computeIfAbsent(table, t -> new ArrayList<>()).add(row);
      }
      out.add(new LeftOver(run.getPath().getName(), run.getPath(), rows));
    }
    return out;
  }

  /** Deletes the journals of {@code runs}, whose rows are recorded. */
  static void deleteAll(Lakehouse lake, List<LeftOver> runs) {
    for (LeftOver run : runs) {
      try {
        run.folder().getFileSystem(lake.spark().sparkContext().hadoopConfiguration()).delete(run.folder(), true);
      } catch (IOException e) {
        LOG.warn("run journal {}: could not delete it ({})", run.folder(), e.getMessage());
      }
    }
  }
}
