package io.c360.privacy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.udf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

/**
 * Searches files themselves, not tables, for a {@link TraceMatcher}'s forms: every row of a Parquet
 * file (rows a table has deleted but a file still holds included), text files line by line
 * (gzip too), and Avro files (Iceberg's manifests) record by record. Returns, per file, the labels
 * found.
 */
final class FileTraces {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FileTraces.class);
  private final SparkSession spark;
  private final TraceMatcher matcher;

  FileTraces(SparkSession spark, TraceMatcher matcher) {
    this.spark = spark;
    this.matcher = matcher;
  }

  /** Every file under {@code root}, recursively; none if it does not exist. */
  static List<String> list(String root, Configuration hadoop) {
    List<String> out = new ArrayList<>();
    try {
      Path dir = new Path(root);
      for (org.apache.hadoop.fs.FileStatus f : io.c360.lake.FileListing.files(dir.getFileSystem(hadoop), dir)) {
        out.add(f.getPath().toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
    out.sort(String::compareTo);
    return out;
  }

  /**
   * What a search found: the labels per file, and the files that could not be read to their end (a
   * corrupt or truncated compressed file) with the reason, and the labels found in the part of such
   * a file that can still be read (a truncated gzip holds every line before its cut): a file that
   * cannot be rewritten but holds a person. One bad file does not stop the search of the others.
   */
  record Found(Map<String, TreeSet<String>> traces, Map<String, String> unreadable,
      Map<String, TreeSet<String>> heldInUnreadable) {}

  /** Files of any kind: Parquet, Avro, deletion vectors (no values, skipped) and text. */
  Found search(Collection<String> files) {
    List<String> parquet = new ArrayList<>();
    List<String> avro = new ArrayList<>();
    List<String> text = new ArrayList<>();
    for (String f : files) {
      String name = f.substring(f.lastIndexOf('/') + 1);
      if (name.endsWith(".parquet")) {
        parquet.add(f);
      } else if (name.endsWith(".avro")) {
        avro.add(f);
      } else if (!name.endsWith(".bin") && !name.endsWith(".crc") || name.endsWith(".crc") && !name.startsWith(".")) {
        text.add(f); // Hadoop's hidden .crc checksums are binary; Delta's NNN.crc files are JSON
      }
    }
    Map<String, TreeSet<String>> out = new TreeMap<>();
    Map<String, String> unreadable = new java.util.concurrent.ConcurrentSkipListMap<>();
    long start = System.nanoTime();
    merge(out, parquet(parquet));
    long parquetDone = System.nanoTime();
    merge(out, text(text, unreadable));
    long textDone = System.nanoTime();
    for (String f : avro) {
      java.util.Set<String> labels = avro(f);
      if (!labels.isEmpty()) {
        out.computeIfAbsent(f, k -> new TreeSet<>()).addAll(labels);
      }
    }
    unreadable.forEach((f, why) -> LOG.warn("cannot read {}, not searched: {}", f, why));
    LOG.info("searched {} Parquet files in {} s, {} text files in {} s, {} Avro files in {} s", parquet.size(),
        seconds(start, parquetDone), text.size(), seconds(parquetDone, textDone), avro.size(),
        seconds(textDone, System.nanoTime()));
    Map<String, TreeSet<String>> held = new TreeMap<>();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    for (String f : unreadable.keySet()) {
      TreeSet<String> labels = Decompression.searchReadablePart(f, hadoop, matcher);
      if (!labels.isEmpty()) {
        held.put(f, labels);
      }
    }
    return new Found(out, new TreeMap<>(unreadable), held);
  }

  private static String seconds(long from, long to) {
    return String.format(java.util.Locale.ROOT, "%.1f", (to - from) / 1e9);
  }

  /**
   * Text files, line by line, on Spark (compressed files are read as such). When the read fails,
   * each compressed file is decompressed to its end on its own to find those that cannot be, and the
   * others are searched without them.
   */
  Map<String, TreeSet<String>> text(List<String> files, Map<String, String> unreadable) {
    if (files.isEmpty() || matcher.isEmpty()) {
      return Map.of();
    }
    try {
      return textOnce(files);
    } catch (Exception e) { // Spark's SparkException is checked in Java's eyes and thrown undeclared
      Configuration hadoop = spark.sparkContext().hadoopConfiguration();
      Map<String, String> bad = new TreeMap<>();
      List<String> compressed = files.stream().filter(f -> Decompression.codec(f, hadoop) != null).toList();
      List<java.util.Optional<String>> problems = Concurrently.map(compressed, Concurrently.threads(spark),
          f -> Decompression.problem(f, hadoop));
      for (int i = 0; i < compressed.size(); i++) {
        String file = compressed.get(i);
        problems.get(i).ifPresent(why -> bad.put(file, why));
      }
      if (bad.isEmpty()) {
        throw e;
      }
      unreadable.putAll(bad);
      List<String> rest = files.stream().filter(f -> !bad.containsKey(f)).toList();
      return rest.isEmpty() ? Map.of() : textOnce(rest);
    }
  }

  private Map<String, TreeSet<String>> textOnce(List<String> files) {
    Dataset<Row> lines = spark.read().option("wholetext", "false").text(files.toArray(String[]::new))
        .select(col("value"), col("_metadata.file_path").as("file"));
    return collect(lines.select(col("file"), find().apply(col("value")).as("label")), files);
  }

  /**
   * Parquet files, each row as JSON, read file group by folder (a table's data, its change data, its
   * log's checkpoints share a schema); a folder whose files do not merge is read file by file.
   */
  Map<String, TreeSet<String>> parquet(List<String> files) {
    Map<String, TreeSet<String>> out = new TreeMap<>();
    if (files.isEmpty() || matcher.isEmpty()) {
      return out;
    }
    Map<String, List<String>> byFolder = new LinkedHashMap<>();
    for (String f : files) {
      byFolder.computeIfAbsent(f.substring(0, f.lastIndexOf('/')), k -> new ArrayList<>()).add(f);
    }
    // Folders are many and mostly small (a table's log, its change data): a few at a time keep the cores busy.
    for (Map<String, TreeSet<String>> found : Concurrently.map(List.copyOf(byFolder.values()),
        Concurrently.threads(spark), this::parquetFolder)) {
      merge(out, found);
    }
    return out;
  }

  /** A folder's files read together; file by file when they do not merge (a file that cannot be read still fails). */
  private Map<String, TreeSet<String>> parquetFolder(List<String> group) {
    try {
      return parquetGroup(group);
    } catch (RuntimeException e) {
      Map<String, TreeSet<String>> out = new TreeMap<>();
      for (String f : group) {
        merge(out, parquetGroup(List.of(f)));
      }
      return out;
    }
  }

  private Map<String, TreeSet<String>> parquetGroup(List<String> files) {
    Dataset<Row> rows = spark.read().option("mergeSchema", "true").parquet(files.toArray(String[]::new));
    if (rows.columns().length == 0) {
      return Map.of();
    }
    Dataset<Row> json = rows.select(to_json(struct(col("*"))).as("value"), col("_metadata.file_path").as("file"));
    return collect(json.select(col("file"), find().apply(col("value")).as("label")), files);
  }

  /** An Avro file's records, every string and byte value in them. */
  java.util.Set<String> avro(String file) {
    Path path = new Path(file);
    try (InputStream in = path.getFileSystem(spark.sparkContext().hadoopConfiguration()).open(path);
        DataFileStream<GenericRecord> records = new DataFileStream<>(in, new GenericDatumReader<>())) {
      java.util.Set<String> found = new TreeSet<>();
      for (GenericRecord r : records) {
        found.addAll(matcher.findAll(text(r)));
      }
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Avro file " + file, e);
    }
  }

  /** The values of a record as text, bytes decoded as UTF-8 (Iceberg keeps column bounds as bytes). */
  private static String text(Object value) {
    StringBuilder b = new StringBuilder();
    append(b, value);
    return b.toString();
  }

  private static void append(StringBuilder b, Object v) {
    if (v instanceof GenericRecord r) {
      for (var f : r.getSchema().getFields()) {
        append(b, r.get(f.pos()));
      }
    } else if (v instanceof Map<?, ?> m) {
      m.forEach((k, x) -> {
        append(b, k);
        append(b, x);
      });
    } else if (v instanceof Collection<?> c) {
      c.forEach(x -> append(b, x));
    } else if (v instanceof ByteBuffer buffer) {
      ByteBuffer copy = buffer.duplicate();
      byte[] bytes = new byte[copy.remaining()];
      copy.get(bytes);
      b.append(new String(bytes, StandardCharsets.UTF_8)).append(' ');
    } else if (v != null) {
      b.append(v).append(' ');
    }
  }

  private org.apache.spark.sql.expressions.UserDefinedFunction find() {
    TraceMatcher m = matcher;
    UDF1<String, String[]> f = s -> m.findAll(s).toArray(String[]::new);
    return udf(f, DataTypes.createArrayType(DataTypes.StringType));
  }

  /** Labels per file, files named as listed (Spark's metadata column URL-encodes them). */
  private Map<String, TreeSet<String>> collect(Dataset<Row> fileAndLabels, List<String> listed) {
    Map<String, String> byPath = new java.util.HashMap<>();
    listed.forEach(f -> byPath.put(path(f), f));
    Map<String, TreeSet<String>> out = new TreeMap<>();
    for (Row r : fileAndLabels.select(col("file"), explode(col("label")).as("label")).distinct().collectAsList()) {
      out.computeIfAbsent(byPath.getOrDefault(path(r.getString(0)), r.getString(0)), k -> new TreeSet<>())
          .add(r.getString(1));
    }
    return out;
  }

  /** A file's path, decoded, whether Spark's metadata column (URL-encoded) or a Hadoop listing named it. */
  static String path(String file) {
    try {
      return new java.net.URI(file).getPath();
    } catch (java.net.URISyntaxException notEncoded) {
      return new Path(file).toUri().getPath();
    }
  }

  private static void merge(Map<String, TreeSet<String>> into, Map<String, TreeSet<String>> from) {
    from.forEach((k, v) -> into.computeIfAbsent(k, x -> new TreeSet<>()).addAll(v));
  }
}
