package io.c360.ingest;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads a landed file once: its SHA-256 (the ledger's identity for content) and, for gzip, whether
 * it decompresses to the end. A truncated gzip would otherwise fail the whole Spark read.
 */
final class FileChecks {
  record Result(String sha256, Optional<String> problem) {}

  private FileChecks() {}

  /** Checks a file of {@code source}: checksum, gzip integrity, and for CSV with a header, the header. */
  static Result check(String file, io.c360.config.SourceConfig source, Configuration hadoop) {
    Result r = check(file, hadoop);
    if (r.problem().isPresent() || source.kind() != io.c360.config.SourceKind.CSV
        || "false".equalsIgnoreCase(source.options().getOrDefault("header", "true"))) {
      return r;
    }
    return new Result(r.sha256(), CsvHeader.mismatch(firstLine(file, hadoop), source));
  }

  private static String firstLine(String file, Configuration hadoop) {
    Path path = new Path(file);
    try (InputStream raw = path.getFileSystem(hadoop).open(path);
        InputStream in = file.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
        java.io.BufferedReader reader = new java.io.BufferedReader(new java.io.InputStreamReader(in,
            java.nio.charset.StandardCharsets.UTF_8))) {
      String line = reader.readLine();
      return line == null ? "" : line;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static Result check(String file, Configuration hadoop) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    Path path = new Path(file);
    Optional<String> problem = Optional.empty();
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      try (InputStream raw = fs.open(path); DigestInputStream digest = new DigestInputStream(raw, sha)) {
        if (file.endsWith(".gz")) {
          problem = drainGzip(digest);
        }
        digest.transferTo(java.io.OutputStream.nullOutputStream());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return new Result(HexFormat.of().formatHex(sha.digest()), problem);
  }

  private static Optional<String> drainGzip(InputStream in) {
    byte[] buffer = new byte[1 << 16];
    try {
      GZIPInputStream gz = new GZIPInputStream(new NonClosing(in), 1 << 16);
      while (gz.read(buffer) >= 0) {
        // decompress to the end
      }
      return Optional.empty();
    } catch (EOFException e) {
      return Optional.of("truncated gzip: the file ends before its compressed data does");
    } catch (ZipException e) {
      return Optional.of("corrupt gzip: " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lets the digest see the bytes the gzip reader left unread, without closing the stream. */
  private static final class NonClosing extends java.io.FilterInputStream {
    NonClosing(InputStream in) {
      super(in);
    }

    @Override
    public void close() {}
  }
}
