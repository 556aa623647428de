package io.c360.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a YAML file into plain maps, lists and scalars, refusing duplicate keys. */
final class Yaml {
  private static final ObjectMapper MAPPER =
      new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private Yaml() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> read(Path file) {
    String name = Paths.display(file);
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(name + ": file not found");
    }
    Object value;
    try {
      value = MAPPER.readValue(file.toFile(), Object.class);
    } catch (NoSuchFileException e) {
      throw new ConfigException(name + ": file not found");
    } catch (IOException e) {
      String detail = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
      throw new ConfigException(name + ": not valid YAML: " + detail, e);
    }
    return mapping(value, name);
  }

  /** A mapping read from YAML text; {@code origin} names it in errors. */
  static Node node(String text, String origin) {
    Object value;
    try {
      value = MAPPER.readValue(text, Object.class);
    } catch (IOException e) {
      String detail = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
      throw new ConfigException(origin + ": not valid YAML: " + detail, e);
    }
    return new Node(mapping(value, origin), origin, "");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> mapping(Object value, String name) {
    if (value == null) {
      return new LinkedHashMap<>();
    }
    if (!(value instanceof Map)) {
      throw new ConfigException(name + ": expected a mapping of keys at the top level");
    }
    return (Map<String, Object>) value;
  }
}
