package io.c360.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything under conf/ that says what exists: sources and identity rules, and where SQL models
 * are found. Loaded and checked before Spark starts.
 */
public record Project(Path confDir, IdentityRules identity, Map<String, SourceConfig> sources, Models models) {

  public static Project load(Path confDir) {
    if (!Files.isDirectory(confDir)) {
      throw new ConfigException(Paths.display(confDir) + ": configuration folder not found "
          + "(run from the repository root or pass --conf DIR)");
    }
    IdentityRules identity = IdentityRules.load(confDir.resolve("identity.yaml"));
    return new Project(confDir, identity, SourceConfig.loadAll(confDir, identity.types()), Models.onClasspath());
  }

  public SourceConfig source(String name) {
    SourceConfig s = sources.get(name);
    if (s == null) {
      throw new IllegalArgumentException("unknown source " + name);
    }
    return s;
  }
}
