package io.c360.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Rewrites a text file (NDJSON, CSV, gzip or not) without the records that hold a person, keeping
 * every other record byte for byte, line endings included. A record is a line, as Spark reads
 * these sources; with {@code multiLine}, a CSV record runs over lines while a quoted field is open.
 * A record is the person's when a {@link TraceMatcher} finds one of their identifiers in it, or
 * when its key column (an order's lines, by order id) holds one of their keys. The new content is
 * written beside the file (hidden, so ingestion never lists it) and then put in its place; a rewrite
 * interrupted between the two is finished by {@link #recover}. A file with nothing to drop is left
 * untouched.
 */
final class FileRewriter {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String TEMP_SUFFIX = ".c360-erasure";

  private final Configuration hadoop;

  FileRewriter(Configuration hadoop) {
    this.hadoop = hadoop;
  }

  /**
   * What a rewrite did: records kept and dropped, and the new file's SHA-256 (hex) when it was taken
   * while writing it (a text file rewritten; not a Parquet file, which Spark writes).
   */
  record Result(long kept, long dropped, java.util.Optional<String> sha256) {
    Result(long kept, long dropped) {
      this(kept, dropped, java.util.Optional.empty());
    }
  }

  /**
   * How records are read: the character set, multi-line CSV, the key columns to test, and a CSV
   * source's declared columns (for a file that turns out to have no header).
   */
  record Format(Charset charset, boolean multiLine, Map<String, Set<String>> keys, List<String> columns) {
    Format(Charset charset, boolean multiLine, Map<String, Set<String>> keys) {
      this(charset, multiLine, keys, List.of());
    }
  }

  Result rewrite(String file, TraceMatcher matcher, Format format) {
    Path path = new Path(file);
    Path temp = temp(path);
    boolean gzip = path.getName().endsWith(".gz");
    Result filtered;
    // The bytes written, as the ledger checksums a landed file: the next ingest sees the file it knows.
    MessageDigest sha = sha256();
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      try (java.io.Reader reader = reader(fs, path, format);
          OutputStream rawOut = new DigestOutputStream(fs.create(temp, true), sha);
          BufferedWriter out = new BufferedWriter(new OutputStreamWriter(
              gzip ? new GZIPOutputStream(rawOut) : rawOut, format.charset()))) {
        filtered = filter(reader, csv(path), matcher, format, out::write);
      }
      if (filtered.dropped() == 0) {
        fs.delete(temp, false);
        return filtered;
      }
      replace(fs, path, temp);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rewrite " + file + " without the erased person", e);
    }
    return new Result(filtered.kept(), filtered.dropped(),
        java.util.Optional.of(java.util.HexFormat.of().formatHex(sha.digest())));
  }

  /** What {@link #rewrite} would keep and drop, read the same way; nothing is written. */
  Result count(String file, TraceMatcher matcher, Format format) {
    Path path = new Path(file);
    try (java.io.Reader reader = reader(path.getFileSystem(hadoop), path, format)) {
      return filter(reader, csv(path), matcher, format, kept -> {});
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " to count the erased person's records", e);
    }
  }

  private static java.io.Reader reader(FileSystem fs, Path path, Format format) throws IOException {
    InputStream raw = fs.open(path);
    try {
      return new InputStreamReader(path.getName().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw,
          format.charset());
    } catch (IOException e) {
      raw.close();
      throw e;
    }
  }

  private static boolean csv(Path path) {
    return path.getName().replaceFirst("\\.gz$", "").toLowerCase(Locale.ROOT).endsWith(".csv");
  }

  /** Where a kept record goes. */
  private interface Sink {
    void write(String record) throws IOException;
  }

  /**
   * Reads the records, passing each one to keep (and a CSV's header) to {@code out}; counts the
   * records kept and dropped.
   */
  private static Result filter(java.io.Reader reader, boolean csv, TraceMatcher matcher, Format format, Sink out)
      throws IOException {
    long kept = 0;
    long dropped = 0;
    List<String> header = null;
    StringBuilder record = new StringBuilder();
    int quotes = 0;
    Lines in = new Lines(reader);
    for (String line = in.next(); line != null; line = in.next()) {
      record.append(line);
      if (csv && format.multiLine()) {
        quotes += count(line, '"');
        if (quotes % 2 == 1) {
          continue; // a quoted field goes on to the next line
        }
      }
      String text = record.toString();
      record.setLength(0);
      quotes = 0;
      if (csv && header == null) {
        List<String> names = names(text);
        if (isHeader(names, text, matcher, format.columns())) {
          header = format.columns().isEmpty() ? names : format.columns(); // the same names, case aside
          out.write(text);
          continue;
        }
        header = format.columns(); // a record where the header should be: a file without one
      }
      if (holds(text, csv, header, matcher, format.keys())) {
        dropped++;
      } else {
        out.write(text);
        kept++;
      }
    }
    if (record.length() > 0) {
      out.write(record.toString()); // an unterminated quote: kept as it was
      kept++;
    }
    return new Result(kept, dropped);
  }

  /** A CSV line's fields as names: trimmed, unquoted, a byte-order mark dropped. */
  private static List<String> names(String line) {
    String text = line.startsWith("\uFEFF") ? line.substring(1) : line;
    return RequestFiles.split(text.strip()).stream().map(String::trim)
        .map(c -> c.length() >= 2 && c.startsWith("\"") && c.endsWith("\"") ? c.substring(1, c.length() - 1) : c)
        .toList();
  }

  /**
   * Whether a CSV file's first line is its header: it names the declared columns (case aside);
   * without declared columns (an export), unless it holds the person.
   */
  private static boolean isHeader(List<String> names, String line, TraceMatcher matcher, List<String> declared) {
    if (declared.isEmpty()) {
      return !matcher.matches(line);
    }
    return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList()
        .equals(declared.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The record holds an identifier, or its key column one of the keys. */
  private static boolean holds(String record, boolean csv, List<String> header, TraceMatcher matcher,
      Map<String, Set<String>> keys) {
    if (matcher.matches(record)) {
      return true;
    }
    if (keys.isEmpty() || record.isBlank()) {
      return false;
    }
    if (csv) {
      List<String> fields = RequestFiles.split(record.strip());
      for (Map.Entry<String, Set<String>> k : keys.entrySet()) {
        int i = header.indexOf(k.getKey());
        if (i >= 0 && i < fields.size() && k.getValue().contains(fields.get(i).trim())) {
          return true;
        }
      }
      return false;
    }
    try {
      JsonNode node = JSON.readTree(record);
      for (Map.Entry<String, Set<String>> k : keys.entrySet()) {
        JsonNode v = node == null ? null : node.get(k.getKey());
        if (v != null && v.isValueNode() && k.getValue().contains(v.asText())) {
          return true;
        }
      }
    } catch (IOException notJson) {
      return false; // not a record ingestion could read by key either
    }
    return false;
  }

  /**
   * Rewrites a Parquet file without the rows that hold the person (each row read as JSON), through
   * Spark: the kept rows are written to a hidden folder beside it as one file, which is moved to the
   * hidden temp name first and then takes the file's place.
   */
  Result rewriteParquet(org.apache.spark.sql.SparkSession spark, String file, TraceMatcher matcher) {
    Path path = new Path(file);
    Path dir = new Path(path.getParent(), "." + path.getName() + TEMP_SUFFIX + ".d");
    var flagged = flagged(spark, file, matcher).cache();
    try {
      long dropped = flagged.where("_c360_holds").count();
      long kept = flagged.count() - dropped;
      if (dropped == 0) {
        return new Result(kept, 0);
      }
      flagged.where("not _c360_holds").drop("_c360_holds").coalesce(1).write().mode("overwrite").parquet(dir.toString());
      FileSystem fs = path.getFileSystem(hadoop);
      Path part = java.util.Arrays.stream(fs.listStatus(dir)).map(org.apache.hadoop.fs.FileStatus::getPath)
          .filter(q -> q.getName().startsWith("part-")).findFirst()
          .orElseThrow(() -> new IOException("no file written in " + dir));
      Path temp = temp(path);
      fs.delete(temp, false);
      if (!fs.rename(part, temp)) {
        throw new IOException("could not move " + part + " to " + temp);
      }
      fs.delete(dir, true);
      replace(fs, path, temp);
      return new Result(kept, dropped);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rewrite " + file + " without the erased person", e);
    } finally {
      flagged.unpersist();
    }
  }

  /** What {@link #rewriteParquet} would keep and drop; nothing is written. */
  Result countParquet(org.apache.spark.sql.SparkSession spark, String file, TraceMatcher matcher) {
    org.apache.spark.sql.Row r = flagged(spark, file, matcher).agg(
        org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1)),
        org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.when(
            org.apache.spark.sql.functions.col("_c360_holds"), 1))).first();
    return new Result(r.getLong(0) - r.getLong(1), r.getLong(1));
  }

  /** The file's rows, each with {@code _c360_holds}: whether its JSON holds one of the people's forms. */
  private static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> flagged(
      org.apache.spark.sql.SparkSession spark, String file, TraceMatcher matcher) {
    org.apache.spark.sql.api.java.UDF1<String, Boolean> holds = matcher::matches;
    return spark.read().parquet(file).withColumn("_c360_holds", org.apache.spark.sql.functions.udf(holds,
        org.apache.spark.sql.types.DataTypes.BooleanType).apply(org.apache.spark.sql.functions.to_json(
            org.apache.spark.sql.functions.struct(org.apache.spark.sql.functions.col("*")))));
  }

  /** Finishes rewrites under {@code dir} that stopped between deleting a file and moving its new content in. */
  void recover(String dir) {
    for (String f : FileTraces.list(dir, hadoop)) {
      Path temp = new Path(f);
      String name = temp.getName();
      if (name.startsWith(".") && name.endsWith(TEMP_SUFFIX)) {
        Path original = new Path(temp.getParent(), name.substring(1, name.length() - TEMP_SUFFIX.length()));
        try {
          FileSystem fs = temp.getFileSystem(hadoop);
          if (!fs.exists(original)) {
            fs.rename(temp, original);
          } else {
            fs.delete(temp, false); // stopped before the delete: the original is still whole
          }
        } catch (IOException e) {
          throw new UncheckedIOException("cannot finish the rewrite of " + original, e);
        }
      }
    }
  }

  private static Path temp(Path path) {
    return new Path(path.getParent(), "." + path.getName() + TEMP_SUFFIX);
  }

  private static void replace(FileSystem fs, Path path, Path temp) throws IOException {
    fs.delete(path, false);
    if (!fs.rename(temp, path)) {
      throw new IOException("could not move " + temp + " to " + path);
    }
    // Hadoop's local file system keeps a hidden checksum beside what it writes and moves it with the
    // file; left there, it would fail the next reader of a file someone edits by hand.
    fs.delete(new Path(path.getParent(), "." + temp.getName() + ".crc"), false);
    fs.delete(new Path(path.getParent(), "." + path.getName() + ".crc"), false);
  }

  /**
   * A text's lines, each with its terminator ("\n" or "\r\n"), read a buffer at a time rather than
   * a character per call.
   */
  static final class Lines {
    private final java.io.Reader in;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int limit;

    Lines(java.io.Reader in) {
      this.in = in;
    }

    String next() throws IOException {
      StringBuilder b = null;
      while (true) {
        if (position == limit) {
          limit = in.read(buffer, 0, buffer.length);
          position = 0;
          if (limit < 0) {
            limit = 0;
            return b == null || b.length() == 0 ? null : b.toString();
          }
        }
        int start = position;
        while (position < limit && buffer[position] != '\n') {
          position++;
        }
        if (position < limit) {
          position++; // the terminator is part of the line
          if (b == null) {
            return new String(buffer, start, position - start);
          }
          return b.append(buffer, start, position - start).toString();
        }
        (b == null ? b = new StringBuilder() : b).append(buffer, start, position - start);
      }
    }
  }

  private static int count(String s, char c) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == c) {
        n++;
      }
    }
    return n;
  }
}
