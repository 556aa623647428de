package io.c360.job;

import io.c360.config.ConfigException;
import io.c360.config.JobConfig;
import io.c360.config.StepConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The steps of a job in an order that respects every dependency; ties keep the file's order. */
public final class JobPlan {
  private final String job;
  private final List<StepConfig> steps;

  private JobPlan(String job, List<StepConfig> steps) {
    this.job = job;
    this.steps = List.copyOf(steps);
  }

  /** Orders a job's steps, refusing a dependency cycle by naming it. */
  public static JobPlan of(JobConfig config) {
    Map<String, StepConfig> byName = new LinkedHashMap<>();
    config.steps().forEach(s -> byName.put(s.name(), s));
    List<String> cycle = findCycle(byName);
    if (!cycle.isEmpty()) {
      throw new ConfigException(config.origin() + ": steps: dependency cycle: " + String.join(" -> ", cycle));
    }
    List<StepConfig> ordered = new ArrayList<>();
    Set<String> done = new LinkedHashSet<>();
    while (ordered.size() < byName.size()) {
      for (StepConfig s : byName.values()) {
        if (!done.contains(s.name()) && done.containsAll(s.dependsOn())) {
          ordered.add(s);
          done.add(s.name());
          break;
        }
      }
    }
    return new JobPlan(config.name(), ordered);
  }

  public String job() {
    return job;
  }

  public List<StepConfig> steps() {
    return steps;
  }

  /** Only the named step. */
  public JobPlan only(String step) {
    return new JobPlan(job, List.of(find(step)));
  }

  /** The named step and every step that depends on it, directly or not. */
  public JobPlan from(String step) {
    find(step);
    Set<String> chosen = new LinkedHashSet<>();
    chosen.add(step);
    List<StepConfig> out = new ArrayList<>();
    for (StepConfig s : steps) {
      if (chosen.contains(s.name()) || s.dependsOn().stream().anyMatch(chosen::contains)) {
        chosen.add(s.name());
        out.add(s);
      }
    }
    return new JobPlan(job, out);
  }

  /** One line a step, for --dry-run. */
  public String describe() {
    StringBuilder b = new StringBuilder("job " + job + ": " + steps.size() + " steps\n");
    for (int i = 0; i < steps.size(); i++) {
      StepConfig s = steps.get(i);
      b.append(String.format("%3d. %-28s %-12s %s%s%n", i + 1, s.name(), s.kind(),
          s.params().isEmpty() ? "" : s.params() + " ",
          s.dependsOn().isEmpty() ? "" : "after " + String.join(", ", s.dependsOn())));
    }
    return b.toString();
  }

  private StepConfig find(String step) {
    return steps.stream().filter(s -> s.name().equals(step)).findFirst()
        .orElseThrow(() -> new ConfigException("job " + job + ": no step named '" + step + "' (steps: "
            + String.join(", ", steps.stream().map(StepConfig::name).toList()) + ")"));
  }

  private static List<String> findCycle(Map<String, StepConfig> byName) {
    Map<String, Integer> state = new LinkedHashMap<>();
    for (String start : byName.keySet()) {
      List<String> path = new ArrayList<>();
      List<String> cycle = visit(start, byName, state, path);
      if (!cycle.isEmpty()) {
        return cycle;
      }
    }
    return List.of();
  }

  private static List<String> visit(String name, Map<String, StepConfig> byName, Map<String, Integer> state,
      List<String> path) {
    Integer st = state.get(name);
    if (st != null && st == 2) {
      return List.of();
    }
    if (st != null && st == 1) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
      cycle.add(name);
      return cycle;
    }
    state.put(name, 1);
    path.add(name);
    for (String dep : byName.get(name).dependsOn()) {
      List<String> cycle = visit(dep, byName, state, path);
      if (!cycle.isEmpty()) {
        return cycle;
      }
    }
    path.remove(path.size() - 1);
    state.put(name, 2);
    return List.of();
  }
}
