package io.c360.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** A mapping read from a YAML file, with typed accessors whose errors name the file and the key. */
final class Node {
  private final Map<String, Object> map;
  private final String origin;
  private final String path;

  Node(Map<String, Object> map, String origin, String path) {
    this.map = map;
    this.origin = origin;
    this.path = path;
  }

  String origin() {
    return origin;
  }

  String key(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  ConfigException error(String name, String problem) {
    return ConfigException.at(origin, key(name), problem);
  }

  /** Refuses keys that are not in {@code allowed}. */
  Node allowOnly(Collection<String> allowed) {
    for (String k : map.keySet()) {
      if (!allowed.contains(k)) {
        String hint = null;
        for (String a : allowed) {
          if (Text.distance(k, a) <= 2) {
            hint = a;
          }
        }
        throw error(k, "unknown key (expected one of: " + Text.list(new TreeSet<>(allowed)) + ")"
            + (hint == null ? "" : "; did you mean " + hint + "?"));
      }
    }
    return this;
  }

  /** The value as YAML gave it (a list, a mapping, a scalar), or null. */
  Object raw(String name) {
    return map.get(name);
  }

  boolean has(String name) {
    return map.containsKey(name) && map.get(name) != null;
  }

  Set<String> names() {
    return map.keySet();
  }

  String string(String name) {
    return optionalString(name).orElseThrow(() -> error(name, "missing required value"));
  }

  Optional<String> optionalString(String name) {
    Object v = map.get(name);
    if (v == null) {
      return Optional.empty();
    }
    if (v instanceof Map || v instanceof List) {
      throw error(name, "expected a single value");
    }
    String s = String.valueOf(v).trim();
    return s.isEmpty() ? Optional.empty() : Optional.of(s);
  }

  String string(String name, String defaultValue) {
    return optionalString(name).orElse(defaultValue);
  }

  int integer(String name, int defaultValue) {
    Optional<String> s = optionalString(name);
    if (s.isEmpty()) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(s.get());
    } catch (NumberFormatException e) {
      throw error(name, "expected a whole number but was '" + s.get() + "'");
    }
  }

  boolean bool(String name, boolean defaultValue) {
    Optional<String> s = optionalString(name);
    if (s.isEmpty()) {
      return defaultValue;
    }
    return switch (s.get()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw error(name, "expected true or false but was '" + s.get() + "'");
    };
  }

  List<String> strings(String name) {
    Object v = map.get(name);
    if (v == null) {
      return List.of();
    }
    if (v instanceof String s) {
      return List.of(s);
    }
    if (!(v instanceof List<?> list)) {
      throw error(name, "expected a list");
    }
    List<String> out = new ArrayList<>();
    for (Object o : list) {
      if (o == null || o instanceof Map || o instanceof List) {
        throw error(name, "expected a list of single values");
      }
      out.add(String.valueOf(o).trim());
    }
    return out;
  }

  /** A nested mapping of name to single values, in file order. */
  Map<String, String> stringMap(String name) {
    Object v = map.get(name);
    if (v == null) {
      return Map.of();
    }
    if (!(v instanceof Map<?, ?> m)) {
      throw error(name, "expected a mapping");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      Object value = e.getValue();
      if (value instanceof Map || value instanceof List) {
        throw error(name + "." + e.getKey(), "expected a single value");
      }
      out.put(String.valueOf(e.getKey()), value == null ? "" : String.valueOf(value));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  Node child(String name) {
    Object v = map.get(name);
    if (v == null) {
      return new Node(new LinkedHashMap<>(), origin, key(name));
    }
    if (!(v instanceof Map)) {
      throw error(name, "expected a mapping");
    }
    return new Node((Map<String, Object>) v, origin, key(name));
  }

  @SuppressWarnings("unchecked")
  List<Node> children(String name) {
    Object v = map.get(name);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> list)) {
      throw error(name, "expected a list");
    }
    List<Node> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Object o = list.get(i);
      if (!(o instanceof Map)) {
        throw ConfigException.at(origin, key(name) + "[" + i + "]", "expected a mapping");
      }
      out.add(new Node((Map<String, Object>) o, origin, key(name) + "[" + i + "]"));
    }
    return out;
  }
}
