package io.c360.cli;

import io.c360.conform.IdentifierArgument;
import io.c360.config.EnvironmentConfig;
import io.c360.config.Project;
import io.c360.lake.Lakehouse;
import io.c360.privacy.SubjectExport;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "export-subject", mixinStandardHelpOptions = true,
    description = "Subject access (GDPR article 15): write everything c360 holds about a person, every row of every "
        + "table that holds any of their identifiers (linked through gold.identity_map), as indented JSON that leads "
        + "with a summary (identifiers, profile, consents, orders, segments, tables and landed files).")
final class ExportSubjectCommand implements Callable<Integer> {
  @Mixin
  EnvOptions options;

  @Option(names = "--id", required = true, paramLabel = "TYPE:VALUE",
      description = "An identifier of the person, e.g. email:jane@example.com (repeatable).")
  List<String> ids;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "The JSON file to write.")
  Path out;

  @Option(names = "--internal", description = "Keep c360's internal columns (_batch_id, _record_hash, _raw, ...) in "
      + "the rows.")
  boolean internal;

  @Override
  public Integer call() {
    EnvironmentConfig env = options.load();
    Project project = Project.load(options.conf);
    List<IdentifierArgument> requested = ids.stream().map(i -> IdentifierArgument.parse(i, project.identity())).toList();
    Lakehouse lake = Session.open(env, project);
    SubjectExport.Written w = new SubjectExport(lake, project).write(requested, out, Instant.now(), internal);
    System.out.printf("wrote %s: %,d rows from %d tables; %d landed or exported files hold the person%n", out,
        w.rows(), w.tables(), w.files());
    System.out.flush();
    return 0;
  }
}
