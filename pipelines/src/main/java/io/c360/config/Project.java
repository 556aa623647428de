package io.c360.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

  /**
   * Warnings, one a line, for the sources that {@code steps} ingest whose landing folder under
   * {@code landing} does not exist (see {@link SourceConfig#missingFolder}).
   */
  public List<String> missingLandingFolders(Collection<StepConfig> steps, String landing) {
    return steps.stream().filter(s -> s.kind().equals(StepKind.INGEST.name()))
        .map(s -> sources.get(s.param("source"))).filter(java.util.Objects::nonNull).distinct()
        .map(s -> s.missingFolder(landing)).flatMap(Optional::stream).toList();
  }

  public SourceConfig source(String name) {
    SourceConfig s = sources.get(name);
    if (s == null) {
      throw new IllegalArgumentException("unknown source " + name);
    }
    return s;
  }
}
