package io.c360.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A job, conf/jobs/NAME.yaml: named steps of registered kinds with their dependencies. */
public record JobConfig(String name, String origin, List<StepConfig> steps) {
  private static final Set<String> KEYS = Set.of("name", "description", "steps");
  private static final Set<String> STEP_KEYS = Set.of("name", "kind", "depends_on", "description");

  public JobConfig {
    steps = List.copyOf(steps);
  }

  /** Reads a job file and checks every step against the project: kinds, sources, models, dependencies. */
  public static JobConfig load(Path file, Project project) {
    Node n = new Node(Yaml.read(file), Paths.display(file), "").allowOnly(KEYS);
    String name = n.string("name", file.getFileName().toString().replaceFirst("\\.ya?ml$", ""));
    List<Node> stepNodes = n.children("steps");
    if (stepNodes.isEmpty()) {
      throw n.error("steps", "missing required value: a job lists at least one step");
    }
    List<StepConfig> steps = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Node s : stepNodes) {
      String stepName = s.string("name");
      if (!Text.isIdentifier(stepName)) {
        throw s.error("name", "expected lower-case letters, digits and _ but was '" + stepName + "'");
      }
      if (!names.add(stepName)) {
        throw s.error("name", "step '" + stepName + "' is declared twice");
      }
      steps.add(step(s, stepName, project));
    }
    for (int i = 0; i < steps.size(); i++) {
      for (String dep : steps.get(i).dependsOn()) {
        if (!names.contains(dep)) {
          throw ConfigException.at(n.origin(), "steps[" + i + "].depends_on",
              "unknown step '" + dep + "' (steps: " + Text.list(new ArrayList<>(names)) + ")");
        }
      }
    }
    return new JobConfig(name, n.origin(), steps);
  }

  private static StepConfig step(Node s, String stepName, Project project) {
    String kindName = s.string("kind");
    StepKind kind = StepKind.find(kindName);
    if (kind == null) {
      List<String> known = StepKind.ALL.stream().map(StepKind::name).toList();
      throw s.error("kind", "unknown step kind '" + kindName + "' (known kinds: " + Text.list(known) + ")");
    }
    Set<String> allowed = new LinkedHashSet<>(STEP_KEYS);
    allowed.addAll(kind.required());
    allowed.addAll(kind.optional());
    s.allowOnly(allowed);
    Map<String, String> params = new LinkedHashMap<>();
    for (String key : s.names()) {
      if (!STEP_KEYS.contains(key)) {
        params.put(key, s.string(key));
      }
    }
    for (String r : kind.required()) {
      if (!params.containsKey(r)) {
        throw s.error(r, "missing required value for a step of kind " + kind.name());
      }
    }
    if (params.containsKey("source") && !project.sources().containsKey(params.get("source"))) {
      throw s.error("source", "unknown source '" + params.get("source") + "' (no "
          + Paths.display(project.confDir().resolve("sources").resolve(params.get("source") + ".yaml"))
          + "; sources: " + Text.list(project.sources().keySet()) + ")");
    }
    if (params.containsKey("activation") && project.profile().activations().stream()
        .noneMatch(a -> a.name().equals(params.get("activation")))) {
      throw s.error("activation", "unknown activation '" + params.get("activation") + "' (conf/profile.yaml declares: "
          + Text.list(project.profile().activations().stream().map(ActivationConfig::name).toList()) + ")");
    }
    if (params.containsKey("model")) {
      String model = params.get("model");
      Models.table(model);
      if (!project.models().exists(model)) {
        throw s.error("model", "SQL file sql/" + model + ".sql not found");
      }
      project.models().spec(model); // its YAML is checked before Spark starts
    }
    return new StepConfig(stepName, kind.name(), s.strings("depends_on"), params);
  }
}
