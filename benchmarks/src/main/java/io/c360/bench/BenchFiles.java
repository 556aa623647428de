package io.c360.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Predicate;

/** Copying and deleting the benchmark's scratch folders. */
final class BenchFiles {
  private BenchFiles() {}

  /** Copies the files under {@code from} whose path relative to it passes {@code keep}. */
  static void copy(Path from, Path to, Predicate<Path> keep) throws IOException {
    if (!Files.exists(from)) {
      return;
    }
    try (var paths = Files.walk(from)) {
      for (Path p : paths.filter(Files::isRegularFile).toList()) {
        Path relative = from.relativize(p);
        if (keep.test(relative)) {
          Path target = to.resolve(relative.toString());
          Files.createDirectories(target.getParent());
          Files.copy(p, target);
        }
      }
    }
  }

  static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
