package io.c360.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * SQL models, {@code sql/<layer>/<table>.sql}, read from the classpath (the jar carries sql/).
 * A model named {@code silver/events} writes {@code silver.events}.
 */
public final class Models {
  private final ClassLoader loader;

  private Models(ClassLoader loader) {
    this.loader = loader;
  }

  /**
   * The models that are views ({@code materialized: view}): not stored, created by name in every
   * session over the tables they read.
   */
  public static final java.util.List<String> VIEWS = java.util.List.of("gold/customer_360_masked");

  public static Models onClasspath() {
    return new Models(Models.class.getClassLoader());
  }

  public boolean exists(String model) {
    return loader.getResource(resource(model)) != null;
  }

  /** The model's SQL text. */
  public String sql(String model) {
    return read(resource(model)).orElseThrow(() -> new ConfigException("sql/" + model + ".sql: file not found"));
  }

  /** The model's YAML description beside it, when present. */
  public Optional<String> description(String model) {
    return read("sql/" + model + ".yml");
  }

  /** What the model's YAML says about its table; a model without one is rebuilt every run. */
  public ModelSpec spec(String model) {
    return description(model).map(yaml -> ModelSpec.parse(yaml, "sql/" + model + ".yml", model))
        .orElseGet(() -> ModelSpec.rebuilt(table(model).toString()));
  }

  /** The descriptions of the model's columns ({@code columns:} in its YAML), column to text. */
  public java.util.Map<String, String> columnComments(String model) {
    return description(model).map(yaml -> ModelSpec.columnComments(yaml, "sql/" + model + ".yml"))
        .orElse(java.util.Map.of());
  }

  /** True when the model is a view ({@code materialized: view} in its YAML). */
  public boolean isView(String model) {
    return description(model).map(yaml -> ModelSpec.isView(yaml, "sql/" + model + ".yml")).orElse(false);
  }

  /** The table a model writes: folder = schema, file name = table. */
  public static TableName table(String model) {
    int slash = model.indexOf('/');
    if (slash <= 0 || slash != model.lastIndexOf('/')) {
      throw new ConfigException("model '" + model + "': expected <layer>/<table>, e.g. silver/events");
    }
    return TableName.of(model.substring(0, slash), model.substring(slash + 1));
  }

  private static String resource(String model) {
    return "sql/" + model + ".sql";
  }

  private Optional<String> read(String resource) {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
