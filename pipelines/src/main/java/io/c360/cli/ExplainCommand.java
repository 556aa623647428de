package io.c360.cli;

import io.c360.config.EnvironmentConfig;
import io.c360.config.Project;
import io.c360.identity.Explain;
import io.c360.lake.Lakehouse;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "explain", mixinStandardHelpOptions = true,
    description = "Why a customer is who it is: its identifiers, the records that link them, the links refused "
        + "and its merges.")
final class ExplainCommand implements Callable<Integer> {
  @Mixin
  EnvOptions options;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  static final class Target {
    @Option(names = "--id", paramLabel = "TYPE:VALUE", description = "An identifier, e.g. email:jane@example.com.")
    String id;

    @Option(names = "--customer-id", paramLabel = "ID", description = "A customer id (a retired one is followed).")
    String customerId;
  }

  @Override
  public Integer call() {
    EnvironmentConfig env = options.load();
    Project project = Project.load(options.conf);
    Lakehouse lake = Session.open(env, project);
    Explain explain = new Explain(lake, project.identity());
    System.out.print(target.id != null ? explain.identifier(target.id) : explain.customer(target.customerId));
    System.out.flush();
    return 0;
  }
}
