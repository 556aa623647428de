package io.c360.config;

import java.util.List;
import java.util.Map;

/** One step of a job: its name, kind, the steps it waits for and its kind's parameters. */
public record StepConfig(String name, String kind, List<String> dependsOn, Map<String, String> params) {
  public StepConfig {
    dependsOn = List.copyOf(dependsOn);
    params = Map.copyOf(params);
  }

  public String param(String key) {
    String v = params.get(key);
    if (v == null) {
      throw new IllegalStateException("step " + name + " has no " + key);
    }
    return v;
  }
}
