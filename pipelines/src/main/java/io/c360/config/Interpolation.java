package io.c360.config;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Resolves {@code ${VAR}} and {@code ${VAR:-default}} inside YAML strings from the environment. */
final class Interpolation {
  private static final Pattern REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");

  private Interpolation() {}

  static String resolve(String value, Map<String, String> env, String origin, String key) {
    Matcher m = REF.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String replacement = env.get(name);
      if (replacement == null || (replacement.isEmpty() && m.group(2) != null)) {
        if (m.group(2) == null) {
          throw ConfigException.at(origin, key, "environment variable " + name
              + " is not set and has no default (write ${" + name + ":-value} to give one)");
        }
        replacement = m.group(3);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }
}
