package io.c360.config;

/**
 * One documented environment setting: its key, default and meaning. Keys ending in {@code .*} are
 * open maps whose entries the user names.
 */
public record ConfigKey(String key, String defaultValue, String documentation) {
  boolean isMap() {
    return key.endsWith(".*");
  }

  String mapPrefix() {
    return key.substring(0, key.length() - 2);
  }
}
