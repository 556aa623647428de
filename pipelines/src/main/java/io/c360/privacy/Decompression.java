package io.c360.privacy;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * Whether a compressed file decompresses to its end, with the codec Spark's text reader would use
 * (by file extension): a file that does not is unreadable as a whole (not a gzip file, a truncated
 * stream, a bad CRC).
 */
final class Decompression {
  private Decompression() {}

  /** The codec for the file's extension, or null for a file that is not compressed. */
  static CompressionCodec codec(String file, Configuration hadoop) {
    return new CompressionCodecFactory(hadoop).getCodec(new Path(file));
  }

  /** Why the file cannot be decompressed to its end, or empty when it can (or is not compressed). */
  static Optional<String> problem(String file, Configuration hadoop) {
    CompressionCodec codec = codec(file, hadoop);
    if (codec == null) {
      return Optional.empty();
    }
    Path path = new Path(file);
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = codec.createInputStream(path.getFileSystem(hadoop).open(path))) {
      while (in.read(buffer) >= 0) {
        // to the end: a truncated stream fails only there
      }
      return Optional.empty();
    } catch (java.io.EOFException e) {
      return Optional.of("truncated: the file ends before its compressed data does");
    } catch (IOException | RuntimeException e) {
      String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
          : e.getMessage().lines().findFirst().orElse("").strip();
      return Optional.of("cannot be decompressed: " + message);
    }
  }

  /**
   * The labels {@code matcher} finds in the part of a file that decompresses, line by line, up to
   * where it cannot be read any more (the line cut there included): what a truncated gzip still
   * holds. Nothing for a file that does not decompress at all.
   */
  static java.util.TreeSet<String> searchReadablePart(String file, Configuration hadoop, TraceMatcher matcher) {
    java.util.TreeSet<String> labels = new java.util.TreeSet<>();
    StringBuilder line = new StringBuilder();
    Path path = new Path(file);
    CompressionCodec codec = codec(file, hadoop);
    try (InputStream raw = path.getFileSystem(hadoop).open(path);
        java.io.Reader in = new java.io.InputStreamReader(codec == null ? raw : codec.createInputStream(raw),
            java.nio.charset.StandardCharsets.UTF_8)) {
      char[] buffer = new char[1 << 14];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            labels.addAll(matcher.findAll(line.toString()));
            line.setLength(0);
          } else {
            line.append(buffer[i]);
          }
        }
      }
    } catch (IOException | RuntimeException cut) {
      // the rest cannot be read: what was read is searched below
    }
    labels.addAll(matcher.findAll(line.toString()));
    return labels;
  }
}
