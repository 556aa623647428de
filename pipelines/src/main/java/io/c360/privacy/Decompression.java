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
}
