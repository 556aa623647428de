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
      throw invalid(name, e);
    }
    return mapping(value, name);
  }

  /** A mapping read from YAML text; {@code origin} names it in errors. */
  static Node node(String text, String origin) {
    Object value;
    try {
      value = MAPPER.readValue(text, Object.class);
    } catch (IOException e) {
      throw invalid(origin, e);
    }
    return new Node(mapping(value, origin), origin, "");
  }

  /** {@code file:line:column: not valid YAML: what}, where the parser stopped (line and column from 1). */
  static ConfigException invalid(String name, IOException e) {
    String where = name;
    String detail = e.getMessage() == null ? e.toString() : e.getMessage();
    if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException m && m.getProblemMark() != null) {
      // The parser's own account: where the problem is, what it is and, when it helps, what it was in.
      where = name + ":" + (m.getProblemMark().getLine() + 1) + ":" + (m.getProblemMark().getColumn() + 1);
      detail = (m.getContext() == null ? "" : m.getContext() + ": ") + m.getProblem();
    } else if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
      com.fasterxml.jackson.core.JsonLocation at = j.getLocation();
      if (at != null && at.getLineNr() > 0) {
        where = name + ":" + at.getLineNr() + ":" + Math.max(1, at.getColumnNr());
      }
      if (j.getOriginalMessage() != null) {
        detail = j.getOriginalMessage();
      }
    }
    String first = detail.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(e.toString());
    return new ConfigException(where + ": not valid YAML: " + first, e);
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
