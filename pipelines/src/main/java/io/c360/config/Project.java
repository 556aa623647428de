package io.c360.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything under conf/ that says what exists: sources, identity rules, how gold builds the
 * customer-360, how people are erased, and where SQL models are found. Loaded and checked before Spark starts.
 */
public record Project(Path confDir, IdentityRules identity, Map<String, SourceConfig> sources, Models models,
    ProfileRules profile, PrivacyRules privacy) {

  public static Project load(Path confDir) {
    if (!Files.isDirectory(confDir)) {
      throw new ConfigException(Paths.display(confDir) + ": configuration folder not found "
          + "(run from the repository root or pass --conf DIR)");
    }
    IdentityRules identity = IdentityRules.load(confDir.resolve("identity.yaml"));
    Map<String, SourceConfig> sources = SourceConfig.loadAll(confDir, identity.types());
    ProfileRules profile = ProfileRules.load(confDir.resolve("profile.yaml"), sources.keySet(), identity.types().names());
    PrivacyRules privacy = PrivacyRules.load(confDir.resolve("privacy.yaml"), identity.types());
    return new Project(confDir, identity, sources, Models.onClasspath(), profile, privacy);
  }

  public SourceConfig source(String name) {
    SourceConfig s = sources.get(name);
    if (s == null) {
      throw new IllegalArgumentException("unknown source " + name);
    }
    return s;
  }
}
