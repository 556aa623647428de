package io.c360.cli;

import io.c360.config.EnvironmentConfig;
import io.c360.config.Project;
import io.c360.identity.IdentityEvaluation;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "evaluate-identity", mixinStandardHelpOptions = true,
    description = "Score gold.identity_map against a generator's answer key: pairwise precision, recall and F1, "
        + "clusters, the largest customer and the identifiers refused as shared.")
final class EvaluateIdentityCommand implements Callable<Integer> {
  @Mixin
  EnvOptions options;

  @Option(names = "--truth", required = true, paramLabel = "DIR",
      description = "The ground_truth folder bin/c360 generate wrote beside the landing files.")
  Path truth;

  @Override
  public Integer call() {
    EnvironmentConfig env = options.load();
    IdentityEvaluation.Scores scores = IdentityEvaluation.evaluate(Session.open(env, Project.load(options.conf)), truth);
    System.out.print(scores.report());
    System.out.flush();
    return 0;
  }
}
