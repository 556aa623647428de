package io.c360.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Flattened configuration: dotted keys to string values, each remembering the file (or {@code --set})
 * it came from, so every message can name where a value was written. Later layers win.
 */
final class Settings {
  record Value(String text, String origin) {}

  private final Map<String, Value> values = new LinkedHashMap<>();

  static Settings fromFile(Path file, Map<String, String> env) {
    Settings settings = new Settings();
    settings.addTree("", Yaml.read(file), Paths.display(file), env);
    return settings;
  }

  @SuppressWarnings("unchecked")
  private void addTree(String prefix, Map<String, Object> tree, String origin, Map<String, String> env) {
    for (Map.Entry<String, Object> e : tree.entrySet()) {
      String key = prefix + e.getKey();
      Object v = e.getValue();
      if (v instanceof Map<?, ?> m) {
        addTree(key + ".", (Map<String, Object>) m, origin, env);
      } else if (v instanceof List<?>) {
        throw ConfigException.at(origin, key, "expected a single value or a mapping, not a list");
      } else {
        String text = v == null ? "" : Interpolation.resolve(String.valueOf(v), env, origin, key);
        values.put(key, new Value(text, origin));
      }
    }
  }

  /** Layers {@code other} over this: keys it sets replace ours. */
  Settings overlay(Settings other) {
    Settings merged = new Settings();
    merged.values.putAll(values);
    merged.values.putAll(other.values);
    return merged;
  }

  /** Applies one {@code key.path=value} override from the command line. */
  Settings with(String assignment) {
    int eq = assignment.indexOf('=');
    if (eq <= 0) {
      throw new ConfigException("--set " + assignment + ": expected key.path=value");
    }
    Settings merged = overlay(new Settings());
    merged.values.put(assignment.substring(0, eq).trim(), new Value(assignment.substring(eq + 1), "--set"));
    return merged;
  }

  Optional<Value> value(String key) {
    return Optional.ofNullable(values.get(key));
  }

  Iterable<String> keys() {
    return new ArrayList<>(values.keySet());
  }

  String originOf(String key) {
    Value v = values.get(key);
    return v == null ? "configuration" : v.origin();
  }

  /** Entries under {@code prefix + "."}, keyed by the rest of the key, in file order. */
  Map<String, Value> under(String prefix) {
    Map<String, Value> out = new LinkedHashMap<>();
    String p = prefix + ".";
    values.forEach((k, v) -> {
      if (k.startsWith(p)) {
        out.put(k.substring(p.length()), v);
      }
    });
    return out;
  }
}
