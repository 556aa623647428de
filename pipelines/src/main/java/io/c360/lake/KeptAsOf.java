package io.c360.lake;

import io.c360.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The as-of day a lakehouse keeps for itself in {@code <lakehouse>/_c360/as-of}: the demo writes the
 * day after its sample ends, so a later plain {@code run} on that lakehouse computes gold's
 * time-relative figures for the same day instead of today. {@code reporting.as-of} wins over it.
 */
public final class KeptAsOf {
  private KeptAsOf() {}

  static Path file(String lakehouse) {
    return new Path(lakehouse + "/_c360/as-of");
  }

  /** Where the day is kept, for messages. */
  public static String where(String lakehouse) {
    return file(lakehouse).toString();
  }

  /** The kept day, if the lakehouse keeps one. */
  public static Optional<LocalDate> read(String lakehouse, Configuration hadoop) {
    Path file = file(lakehouse);
    try {
      FileSystem fs = file.getFileSystem(hadoop);
      if (!fs.exists(file)) {
        return Optional.empty();
      }
      String text;
      try (var in = fs.open(file)) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      }
      try {
        return Optional.of(LocalDate.parse(text));
      } catch (DateTimeParseException e) {
        throw new ConfigException(file + ": not a day (YYYY-MM-DD): '" + text
            + "'; fix or delete the file, or set reporting.as-of");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Keeps {@code day} with the lakehouse, replacing a day kept before. */
  public static void write(String lakehouse, LocalDate day, Configuration hadoop) {
    Path file = file(lakehouse);
    try (FSDataOutputStream out = file.getFileSystem(hadoop).create(file, true)) {
      out.write((day + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
