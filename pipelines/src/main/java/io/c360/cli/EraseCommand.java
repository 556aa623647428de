package io.c360.cli;

import io.c360.conform.IdentifierArgument;
import io.c360.config.EnvironmentConfig;
import io.c360.config.Project;
import io.c360.lake.Lakehouse;
import io.c360.privacy.ErasureDryRun;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "erase", mixinStandardHelpOptions = true,
    description = "Show what erasing a person would delete: their identifiers, linked through gold.identity_map, "
        + "and the rows per table that hold them. Only --dry-run exists today.")
final class EraseCommand implements Callable<Integer> {
  @Mixin
  EnvOptions options;

  @Option(names = "--id", required = true, paramLabel = "TYPE:VALUE",
      description = "An identifier of the person, e.g. email:jane@example.com (repeatable).")
  List<String> ids;

  @Option(names = "--dry-run", required = true, description = "Show the plan; delete nothing.")
  boolean dryRun;

  @Override
  public Integer call() {
    EnvironmentConfig env = options.load();
    Project project = Project.load(options.conf);
    List<IdentifierArgument> requested = ids.stream().map(i -> IdentifierArgument.parse(i, project.identity())).toList();
    Lakehouse lake = Session.open(env, project);
    System.out.print(new ErasureDryRun(lake, project).plan(requested));
    System.out.flush();
    return 0;
  }
}
