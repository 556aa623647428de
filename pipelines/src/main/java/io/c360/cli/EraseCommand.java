package io.c360.cli;

import io.c360.conform.IdentifierArgument;
import io.c360.config.EnvironmentConfig;
import io.c360.config.Project;
import io.c360.job.RunContext;
import io.c360.job.StepResult;
import io.c360.lake.Lakehouse;
import io.c360.lake.RunLock;
import io.c360.privacy.ErasureDryRun;
import io.c360.privacy.ErasureRequest;
import io.c360.privacy.ErasureStatus;
import io.c360.privacy.Eraser;
import io.c360.privacy.Salts;
import io.c360.profile.SegmentStep;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "erase", mixinStandardHelpOptions = true,
    description = "Erase a person everywhere (GDPR article 17, CCPA): every row that holds any of their identifiers "
        + "(linked through gold.identity_map) in bronze, silver, gold and quarantine, landing files and exports, "
        + "purged from storage and verified by searching every file; their identifiers are suppressed so they do "
        + "not come back. --dry-run shows the plan; --status R shows a request's record, --status alone lists the requests.")
final class EraseCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  EnvOptions options;

  @Option(names = "--id", paramLabel = "TYPE:VALUE",
      description = "An identifier of the person, e.g. email:jane@example.com (repeatable).")
  List<String> ids;

  @Option(names = "--request-id", paramLabel = "R", description = "The request's id (default: a new one).")
  String requestId;

  @Option(names = "--regulation", paramLabel = "NAME", defaultValue = "gdpr",
      description = "The regulation the request is made under, which sets its deadline (conf/privacy.yaml): "
          + "${DEFAULT-VALUE} by default.")
  String regulation;

  @Option(names = "--dry-run", description = "Show the plan; delete nothing.")
  boolean dryRun;

  @Option(names = "--status", paramLabel = "R", arity = "0..1", fallbackValue = "",
      description = "Print request R's record and attempts; without R, list every request (oldest first) with "
          + "its deadline, state and the rows its latest attempt erased.")
  String status;

  @Option(names = "--open", description = "With --status and no R: list only the requests not completed.")
  boolean open;

  @Option(names = "--overdue",
      description = "With --status and no R: list only the requests past their deadline and not completed.")
  boolean overdue;

  @Option(names = "--wait", paramLabel = "MINUTES", defaultValue = "60",
      description = "How long to wait for a run holding the lakehouse (the daily job) to end: ${DEFAULT-VALUE}.")
  int waitMinutes;

  @Override
  public Integer call() {
    if ((open || overdue) && (status == null || !status.isEmpty())) {
      throw usage("--open and --overdue filter the list of requests: use them with --status and no request id");
    }
    if (status != null && ids != null) {
      throw usage(status.isEmpty()
          ? "--status lists the requests; it takes no --id" : "--status R prints a request; it takes no --id");
    }
    EnvironmentConfig env = options.load();
    Project project = Project.load(options.conf);
    if (status != null) {
      Lakehouse lake = Session.open(env, project);
      if (status.isEmpty()) {
        ErasureStatus.Filter filter = overdue ? ErasureStatus.Filter.OVERDUE
            : open ? ErasureStatus.Filter.OPEN : ErasureStatus.Filter.ALL;
        System.out.print(new ErasureStatus(lake).list(filter, Instant.now()));
        System.out.flush();
        return 0;
      }
      String text = new ErasureStatus(lake).describe(status, Instant.now())
          .orElse("no erasure request " + status + " in compliance.erasure_requests\n");
      System.out.print(text);
      System.out.flush();
      return text.startsWith("no erasure request") ? 1 : 0;
    }
    if (ids == null || ids.isEmpty()) {
      throw usage("Missing required option: '--id=TYPE:VALUE' (or --status [R])");
    }
    List<IdentifierArgument> requested = ids.stream().map(i -> IdentifierArgument.parse(i, project.identity())).toList();
    Lakehouse lake = Session.open(env, project);
    if (dryRun) {
      System.out.print(new ErasureDryRun(lake, project).plan(requested));
      System.out.flush();
      return 0;
    }
    project.privacy().dueDays(regulation.toLowerCase(Locale.ROOT));
    Instant now = Instant.now();
    ErasureRequest request = new ErasureRequest(requestId == null ? ErasureRequest.newId(now) : requestId,
        regulation.toLowerCase(Locale.ROOT), now, requested, "command line");
    Salts.Salt salt = new Salts(env, System.getenv(), lake.spark().sparkContext().hadoopConfiguration()).forErasure();
    String runId = Jobs.newRunId(now);
    System.err.println("erasing request " + request.requestId() + " (if this run stops, run the same command with "
        + "--request-id " + request.requestId() + " to finish it)");
    try (RunLock lock = Session.lock(lake, project, runId, "erase", Duration.ofMinutes(waitMinutes))) {
      List<Eraser.Outcome> outcomes = new Eraser(lake, project, salt, Clock.systemUTC()).erase(List.of(request), runId);
      System.out.print(ErasureStatus.summary(outcomes));
      if (outcomes.stream().anyMatch(o -> o.rows() > 0) && lake.exists(SegmentStep.CUSTOMERS)) {
        // As the erasure job's segments step: gold.segments no longer counts them.
        StepResult segments = new SegmentStep(lake, project.profile()).apply(new RunContext(runId, now.toEpochMilli(), now));
        System.out.printf(Locale.ROOT, "segments recounted: %,d members, %,d left%n",
            segments.figures().getOrDefault("members", 0L), segments.figures().getOrDefault("exited", 0L));
      }
      System.out.flush();
      return outcomes.stream().allMatch(o -> o.traces().isEmpty()) ? 0 : 3;
    }
  }

  /** Bad arguments: picocli prints the message and the usage on this command's error stream, exit 2. */
  private picocli.CommandLine.ParameterException usage(String message) {
    return new picocli.CommandLine.ParameterException(spec.commandLine(), message);
  }
}
