package io.c360.job;

import io.c360.config.StepConfig;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a plan's steps in order. A failing step fails the run; every step that depends on it, directly
 * or not, is skipped and recorded as skipped; independent steps still run.
 */
public final class JobRunner {
  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

  private final Function<StepConfig, Step> steps;
  private final RunLog log;
  private final Progress progress;
  private final Clock clock;

  private java.util.function.BooleanSupplier stopped = () -> false;

  public JobRunner(Function<StepConfig, Step> steps, RunLog log, Progress progress, Clock clock) {
    this.steps = steps;
    this.log = log;
    this.progress = progress;
    this.clock = clock;
  }

  /**
   * Starts no further step once {@code stopped} says so (the process is shutting down, e.g. on
   * SIGTERM, and Spark's session with it): the rest are recorded as skipped, not failed one by one.
   */
  public JobRunner stopWhen(java.util.function.BooleanSupplier stopped) {
    this.stopped = stopped;
    return this;
  }

  private Heartbeat heartbeat;

  /** Prints a line every few seconds while a step runs ({@link Heartbeat}). */
  public JobRunner heartbeat(Heartbeat heartbeat) {
    this.heartbeat = heartbeat;
    return this;
  }

  public JobRun run(JobPlan plan, RunContext context) {
    List<StepRun> runs = new ArrayList<>();
    Set<String> broken = new HashSet<>();
    int i = 0;
    for (StepConfig config : plan.steps()) {
      i++;
      StepRun run;
      Instant start = clock.instant();
      List<String> blockers = config.dependsOn().stream().filter(broken::contains).toList();
      if (stopped.getAsBoolean()) {
        broken.add(config.name());
        run = new StepRun(config.name(), config.kind(), StepRun.Status.SKIPPED, start, start, null,
            "skipped: the run was stopped (the process is shutting down)");
      } else if (!blockers.isEmpty()) {
        broken.add(config.name());
        run = new StepRun(config.name(), config.kind(), StepRun.Status.SKIPPED, start, start, null,
            "skipped: depends on " + String.join(", ", blockers) + ", which did not succeed");
      } else {
        run = execute(config, context, start);
        if (run.status() != StepRun.Status.SUCCEEDED) {
          broken.add(config.name());
        }
      }
      runs.add(run);
      log.stepFinished(context.runId(), plan.job(), run);
      progress.finished(i, plan.steps().size(), run);
    }
    JobRun job = new JobRun(context.runId(), plan.job(), context.startedAt(), clock.instant(), runs);
    log.jobFinished(job);
    return job;
  }

  private StepRun execute(StepConfig config, RunContext context, Instant start) {
    if (heartbeat != null) {
      heartbeat.started(config.name());
    }
    try {
      return executeStep(config, context, start);
    } finally {
      if (heartbeat != null) {
        heartbeat.stopped();
      }
    }
  }

  private StepRun executeStep(StepConfig config, RunContext context, Instant start) {
    try {
      StepResult result = steps.apply(config).apply(context);
      LOG.info("step {} ({}) read {} wrote {} rejected {} {}", config.name(), config.kind(), result.rowsRead(),
          result.rowsWritten(), result.rowsRejected(), result.figures());
      return new StepRun(config.name(), config.kind(), StepRun.Status.SUCCEEDED, start, clock.instant(), result,
          null);
    } catch (Exception | LinkageError e) {
      LOG.error("step {} failed", config.name(), e);
      return new StepRun(config.name(), config.kind(), StepRun.Status.FAILED, start, clock.instant(), null,
          describe(e));
    }
  }

  /**
   * The message a person needs: the first non-blank line of the exception's message. An exception
   * without one (null, empty or blank) is named by its class, followed by the first cause that has a
   * message, so that no failed step is reported with an empty reason.
   */
  public static String describe(Throwable e) {
    String own = firstLine(e.getMessage());
    if (!own.isEmpty()) {
      return shorten(own + rootIoCause(e, own));
    }
    String text = e.getClass().getName() + " (no message)";
    Throwable cause = e.getCause();
    for (int depth = 0; cause != null && cause != e && depth < 20; depth++, cause = cause.getCause()) {
      String line = firstLine(cause.getMessage());
      if (!line.isEmpty()) {
        return shorten(text + ", caused by " + cause.getClass().getName() + ": " + line);
      }
    }
    return text;
  }

  /**
   * The input or output error under a wrapper that does not say it (Spark's "Task failed while
   * writing rows" over "No space left on device"), as ": cause: ..."; empty when there is none.
   */
  private static String rootIoCause(Throwable e, String own) {
    Throwable cause = e.getCause();
    String found = "";
    for (int depth = 0; cause != null && depth < 20; depth++, cause = cause.getCause()) {
      String line = firstLine(cause.getMessage());
      if (cause instanceof java.io.IOException && !line.isEmpty()) {
        found = line;
      }
    }
    return found.isEmpty() || own.contains(found) ? "" : ": cause: " + found;
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
  }

  private static String shorten(String line) {
    return line.length() > 1000 ? line.substring(0, 1000) + "..." : line;
  }
}
