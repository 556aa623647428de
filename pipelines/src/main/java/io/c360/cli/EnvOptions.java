package io.c360.cli;

import io.c360.config.EnvironmentConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Options every subcommand takes: where conf/ is, which environment, and key overrides. Public for
 * the benchmarks module's {@code bench} command, which takes them too.
 */
public final class EnvOptions {
  @Option(names = "--conf", paramLabel = "DIR", defaultValue = "conf",
      description = "Configuration folder (default: ${DEFAULT-VALUE}).")
  Path conf;

  @Option(names = "--env", paramLabel = "FILE",
      description = "Environment layered over <conf>/base.yaml (default: <conf>/env/local.yaml).")
  Path env;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override one key, e.g. --set paths.lakehouse=/tmp/lake (repeatable).")
  List<String> sets = new ArrayList<>();

  /** The configuration folder. */
  public Path conf() {
    return conf;
  }

  /** The environment: base.yaml, the environment file over it, then the overrides. */
  public EnvironmentConfig load() {
    return EnvironmentConfig.load(conf, env == null ? conf.resolve("env").resolve("local.yaml") : env, sets,
        System.getenv());
  }
}
