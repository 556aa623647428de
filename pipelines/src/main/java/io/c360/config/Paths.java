package io.c360.config;

import java.nio.file.Path;

/** How a file is named in messages: relative to the working directory when it lies below it. */
final class Paths {
  private Paths() {}

  static String display(Path file) {
    Path cwd = Path.of("").toAbsolutePath().normalize();
    Path abs = file.toAbsolutePath().normalize();
    return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
  }
}
