package io.c360.config;

/** A configuration problem, worded for the person who wrote the file: "file: key: what was expected". */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }

  static ConfigException at(String origin, String key, String problem) {
    return new ConfigException(origin + ": " + key + ": " + problem);
  }
}
