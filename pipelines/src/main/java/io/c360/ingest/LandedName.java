package io.c360.ingest;

import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a file in a source's folder is one of the source's files: its name matches the source's
 * pattern, or does once a {@code .gz} suffix is taken off ({@code orders.csv.gz} for
 * {@code *.csv}). gzip is the one compression read: Spark would decompress others by their suffix
 * (.bz2, .deflate, ...), but erasure rewrites landed files only plain or gzip, so a person's records
 * in a .bz2 would outlive their erasure. A name that matches with another compression or archive
 * suffix ({@code .bz2}, {@code .zip}, {@code .GZ}) is refused rather than read as text; any other
 * file is not the source's and is reported, never silently skipped.
 */
final class LandedName {
  enum Verdict { READ, NOT_DECOMPRESSED, NOT_MATCHED }

  /** Suffixes of compressed files and archives, lower case. */
  static final Set<String> COMPRESSED = Set.of("gz", "gzip", "bz2", "deflate", "lz4", "snappy", "zst", "zstd",
      "zip", "7z", "rar", "tar", "tgz", "xz", "lzma", "z", "lzo", "br");

  private LandedName() {}

  static Verdict of(String name, PathMatcher pattern) {
    Optional<String> suffix = suffix(name);
    boolean compressed = suffix.map(s -> COMPRESSED.contains(s.toLowerCase(Locale.ROOT))).orElse(false);
    // Hadoop picks a codec by the suffix as written: "gz" only, as Spark reads and erasure rewrites.
    boolean gzip = suffix.filter("gz"::equals).isPresent();
    if (pattern.matches(Path.of(name))) {
      return compressed && !gzip ? Verdict.NOT_DECOMPRESSED : Verdict.READ;
    }
    if (compressed && pattern.matches(Path.of(name.substring(0, name.length() - suffix.get().length() - 1)))) {
      return gzip ? Verdict.READ : Verdict.NOT_DECOMPRESSED;
    }
    return Verdict.NOT_MATCHED;
  }

  /** The problem recorded for a file of verdict {@link Verdict#NOT_DECOMPRESSED}. */
  static String notDecompressed(String name) {
    return "compressed as ." + suffix(name).orElse("") + ", which is not read: land it uncompressed or gzip-compressed"
        + " (.gz)";
  }

  private static Optional<String> suffix(String name) {
    int dot = name.lastIndexOf('.');
    return dot <= 0 || dot == name.length() - 1 ? Optional.empty() : Optional.of(name.substring(dot + 1));
  }
}
