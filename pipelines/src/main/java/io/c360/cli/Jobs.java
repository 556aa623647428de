package io.c360.cli;

import io.c360.config.JobConfig;
import io.c360.config.Project;
import io.c360.job.JobPlan;
import io.c360.job.JobRun;
import io.c360.job.JobRunner;
import io.c360.job.OpsRunLog;
import io.c360.job.Progress;
import io.c360.job.RunContext;
import io.c360.job.StepKinds;
import io.c360.lake.Lakehouse;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/** Runs a job file against an open lakehouse. */
public final class Jobs {
  private Jobs() {}

  /** Loads and plans a job; refuses bad config before Spark starts. */
  public static JobPlan plan(Path jobFile, Project project, String from, String only) {
    JobPlan plan = JobPlan.of(JobConfig.load(jobFile, project));
    if (only != null) {
      return plan.only(only);
    }
    return from != null ? plan.from(from) : plan;
  }

  public static JobRun run(Lakehouse lake, Project project, JobPlan plan, PrintStream out) {
    return run(lake, project, plan, false, out);
  }

  /** Runs a plan; with {@code fullRefresh}, incremental models are rebuilt from all of bronze. */
  public static JobRun run(Lakehouse lake, Project project, JobPlan plan, boolean fullRefresh, PrintStream out) {
    return run(lake, project, plan, fullRefresh, java.time.Duration.ZERO, out);
  }

  /** How often a running step prints a line. */
  private static final java.time.Duration HEARTBEAT = java.time.Duration.ofSeconds(15);

  /** Counts the Spark tasks that finished, for the heartbeat. */
  static final class SparkTasks extends org.apache.spark.scheduler.SparkListener {
    private final java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();

    @Override
    public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd taskEnd) {
      done.incrementAndGet();
    }

    long done() {
      return done.get();
    }
  }

  /** A run's id: when it started, and a random suffix. */
  static String newRunId(Instant start) {
    return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(start)
        + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * Runs a plan; with {@code fullRefresh}, incremental models are rebuilt from all of bronze.
   *
   * @param wait how long to wait for another run holding the lakehouse to end
   */
  public static JobRun run(Lakehouse lake, Project project, JobPlan plan, boolean fullRefresh,
      java.time.Duration wait, PrintStream out) {
    Clock clock = Clock.systemUTC();
    Instant start = clock.instant();
    String runId = newRunId(start);
    io.c360.lake.OpsRows ops = io.c360.lake.OpsRows.deferred(lake);
    StepKinds kinds = new StepKinds(lake, project, ops);
    try (io.c360.lake.RunLock lock = Session.lock(lake, project, runId, plan.job(), wait)) {
      OpsRunLog log = OpsRunLog.journaled(lake, ops, runId);
      log.recordEarlierRuns(lake, lock.tookOverFrom(), start);
      try {
        return run(lake, plan, fullRefresh, out, clock, start, runId, kinds, log); // flushes ops as it ends
      } catch (Throwable e) { // rethrown as it is: the block declares no checked exception
        try {
          log.jobAbandoned(runId, plan.job(), start, clock.instant(), "the run failed outside its steps: "
              + io.c360.job.JobRunner.describe(e));
          log.flush(); // what the steps that ran recorded, before the error
        } catch (Throwable f) {
          e.addSuppressed(f);
        }
        throw e;
      }
    }
  }

  private static JobRun run(Lakehouse lake, JobPlan plan, boolean fullRefresh, PrintStream out, Clock clock,
      Instant start, String runId, StepKinds kinds, OpsRunLog log) {
    out.println("run " + runId + ": job " + plan.job() + ", " + plan.steps().size() + " steps"
        + (fullRefresh ? " (full refresh)" : ""));
    java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
    Thread hook = new Thread(() -> stopping.set(true), "c360-run-stopping");
    Runtime.getRuntime().addShutdownHook(hook);
    JobRun run;
    SparkTasks tasks = new SparkTasks();
    lake.spark().sparkContext().addSparkListener(tasks);
    try (io.c360.job.Heartbeat heartbeat = new io.c360.job.Heartbeat(out, HEARTBEAT, tasks::done)) {
      run = new JobRunner(kinds::create, log, new Progress(out), clock).stopWhen(stopping::get)
          .heartbeat(heartbeat).run(plan, new RunContext(runId, start.toEpochMilli(), start, fullRefresh));
    } finally {
      lake.spark().sparkContext().removeSparkListener(tasks);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook has run or is running: nothing to remove
      }
    }
    run.firstFailure().ifPresentOrElse(
        f -> out.printf("run %s FAILED in %.1f s: step %s: %s%n", runId, run.seconds(), f.step(), f.error()),
        () -> out.printf("run %s succeeded in %.1f s%s%n", runId, run.seconds(), run.alerts().isEmpty() ? ""
            : String.format(java.util.Locale.ROOT, ", with %d alert%s (exit code %d)", run.alerts().size(),
                run.alerts().size() == 1 ? "" : "s", RunCommand.ALERT)));
    return run;
  }
}
