package io.c360.cli;

import io.c360.sample.GeneratorSettings;
import picocli.CommandLine.Option;

/**
 * Size and seed of a generated sample, shared by `generate` and `demo`. Public for the benchmarks
 * module's {@code bench} command, which takes them too.
 */
public final class SampleOptions {
  @Option(names = "--customers", defaultValue = "1000", description = "People to simulate (default: ${DEFAULT-VALUE}).")
  int customers;

  @Option(names = "--days", defaultValue = "14", description = "Days of activity (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--seed", defaultValue = "42",
      description = "Random seed; the same seed writes the same bytes (default: ${DEFAULT-VALUE}).")
  long seed;

  public GeneratorSettings settings() {
    return GeneratorSettings.of(customers, days, seed);
  }

  @Override
  public String toString() {
    return "customers=" + customers + " days=" + days + " seed=" + seed;
  }
}
