package io.c360.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.c360.config.StepConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobRunnerTest {
  private final List<String> executed = new ArrayList<>();
  private final List<StepRun> logged = new ArrayList<>();
  private final List<JobRun> jobs = new ArrayList<>();
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();

  private final java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();

  private JobRun run(JobPlan plan) {
    RunLog log = new RunLog() {
      @Override
      public void stepFinished(String runId, String job, StepRun step) {
        logged.add(step);
      }

      @Override
      public void jobFinished(JobRun run) {
        jobs.add(run);
      }
    };
    JobRunner runner = new JobRunner(this::step, log, new Progress(new PrintStream(console, true, StandardCharsets.UTF_8)),
        Clock.systemUTC()).stopWhen(stopping::get);
    return runner.run(plan, new RunContext("r1", 1L, Instant.now()));
  }

  private Step step(StepConfig config) {
    return context -> {
      executed.add(config.name());
      if (config.name().equals("terminated")) { // SIGTERM arrives while this step runs
        stopping.set(true);
        throw new IllegalStateException("Cannot call methods on a stopped SparkContext.");
      }
      if (config.name().equals("broken")) {
        throw new IllegalStateException("table bronze.x is missing");
      }
      if (config.name().equals("silent")) { // as a Spark error can arrive: no message, its cause has one
        throw new IllegalStateException("", new java.io.IOException("  \n[UNSUPPORTED_DATATYPE] 'decimel(12,2)'\nmore"));
      }
      if (config.name().equals("warned")) {
        return StepResult.of(0, 0, 0).withWarning("landing folder /data/landing/orderz does not exist");
      }
      if (config.name().equals("alerted")) {
        return StepResult.of(1, 0, 0).withAlert("1 erasure request past its deadline and not completed: R-old");
      }
      return StepResult.of(10, 9, 1);
    };
  }

  @Test
  void aFailingStepSkipsItsDependentsButNotIndependentSteps() {
    JobPlan plan = JobPlan.of(JobPlanTest.job(JobPlanTest.step("ok"), JobPlanTest.step("broken", "ok"),
        JobPlanTest.step("after", "broken"), JobPlanTest.step("later", "after"), JobPlanTest.step("independent", "ok")));
    JobRun run = run(plan);

    assertThat(executed).containsExactly("ok", "broken", "independent");
    assertThat(run.succeeded()).isFalse();
    assertThat(run.status()).isEqualTo("failed");
    assertThat(logged).extracting(StepRun::step, StepRun::status).containsExactly(
        org.assertj.core.groups.Tuple.tuple("ok", StepRun.Status.SUCCEEDED),
        org.assertj.core.groups.Tuple.tuple("broken", StepRun.Status.FAILED),
        org.assertj.core.groups.Tuple.tuple("after", StepRun.Status.SKIPPED),
        org.assertj.core.groups.Tuple.tuple("later", StepRun.Status.SKIPPED),
        org.assertj.core.groups.Tuple.tuple("independent", StepRun.Status.SUCCEEDED));
    assertThat(logged.get(1).error()).isEqualTo("table bronze.x is missing");
    assertThat(logged.get(3).error()).isEqualTo("skipped: depends on after, which did not succeed");
    assertThat(jobs).hasSize(1);
    assertThat(run.firstFailure()).get().extracting(StepRun::step).isEqualTo("broken");
    String out = console.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("[2/5] broken").contains("FAILED").contains("table bronze.x is missing")
        .contains("[3/5] after").contains("skipped");
  }

  @Test
  void aStoppedRunStartsNoFurtherStep() {
    JobRun run = run(JobPlan.of(JobPlanTest.job(JobPlanTest.step("a"), JobPlanTest.step("terminated", "a"),
        JobPlanTest.step("independent", "a"), JobPlanTest.step("last"))));

    assertThat(executed).containsExactly("a", "terminated");
    assertThat(logged).extracting(StepRun::step, StepRun::status, StepRun::error).containsExactly(
        org.assertj.core.groups.Tuple.tuple("a", StepRun.Status.SUCCEEDED, null),
        org.assertj.core.groups.Tuple.tuple("terminated", StepRun.Status.FAILED,
            "Cannot call methods on a stopped SparkContext."),
        org.assertj.core.groups.Tuple.tuple("independent", StepRun.Status.SKIPPED,
            "skipped: the run was stopped (the process is shutting down)"),
        org.assertj.core.groups.Tuple.tuple("last", StepRun.Status.SKIPPED,
            "skipped: the run was stopped (the process is shutting down)"));
    assertThat(run.status()).isEqualTo("failed");
  }

  @Test
  void aCleanRunSucceedsAndKeepsCounts() {
    JobRun run = run(JobPlan.of(JobPlanTest.job(JobPlanTest.step("a"), JobPlanTest.step("b", "a"))));
    assertThat(run.succeeded()).isTrue();
    assertThat(run.steps()).allSatisfy(s -> assertThat(s.result().rowsWritten()).isEqualTo(9));
    assertThat(console.toString(StandardCharsets.UTF_8)).contains("[1/2] a").contains("read 10, wrote 9, rejected 1");
  }

  @Test
  void aFailureWithAnEmptyMessageIsNamedByItsClassAndItsCause() {
    JobRun run = run(JobPlan.of(JobPlanTest.job(JobPlanTest.step("silent"))));

    String reason = "java.lang.IllegalStateException (no message), caused by java.io.IOException: "
        + "[UNSUPPORTED_DATATYPE] 'decimel(12,2)'";
    assertThat(run.firstFailure()).get().extracting(StepRun::error).isEqualTo(reason);
    assertThat(console.toString(StandardCharsets.UTF_8)).contains("[1/1] silent").contains("FAILED")
        .contains("      " + reason + System.lineSeparator());
  }

  @Test
  void describeNamesTheCauseOfEveryFailure() {
    assertThat(JobRunner.describe(new IllegalStateException("\n  \n  first line  \nsecond")))
        .isEqualTo("first line");
    assertThat(JobRunner.describe(new NullPointerException())).isEqualTo("java.lang.NullPointerException (no message)");
    assertThat(JobRunner.describe(new RuntimeException(" ", new IllegalStateException(null,
        new java.io.IOException("disk full")))))
        .isEqualTo("java.lang.RuntimeException (no message), caused by java.io.IOException: disk full");
    // Spark's write failure wraps the file system's error in one that does not say it.
    assertThat(JobRunner.describe(new IllegalStateException("[TASK_WRITE_FAILED] Task failed while writing rows",
        new Error("org.apache.hadoop.fs.FSError", new java.io.IOException("No space left on device")))))
        .isEqualTo("[TASK_WRITE_FAILED] Task failed while writing rows: cause: No space left on device");
    assertThat(JobRunner.describe(new java.io.UncheckedIOException("cannot read x: disk gone",
        new java.io.IOException("disk gone")))).isEqualTo("cannot read x: disk gone");
  }

  @Test
  void aStepsWarningsArePrintedUnderItsLine() {
    JobRun run = run(JobPlan.of(JobPlanTest.job(JobPlanTest.step("warned"))));
    assertThat(run.succeeded()).isTrue();
    assertThat(console.toString(StandardCharsets.UTF_8)).contains("[1/1] warned").contains("ok")
        .contains(System.lineSeparator() + "      warning: landing folder /data/landing/orderz does not exist"
            + System.lineSeparator());
  }

  @Test
  void aLongStepPrintsAHeartbeatAndNothingAfterItsOwnLine() throws Exception {
    ByteArrayOutputStream beats = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(beats, true, StandardCharsets.UTF_8);
    java.util.concurrent.atomic.AtomicLong tasks = new java.util.concurrent.atomic.AtomicLong(40);
    RunLog quiet = new RunLog() {
      @Override
      public void stepFinished(String runId, String job, StepRun step) {}

      @Override
      public void jobFinished(JobRun run) {}
    };
    try (Heartbeat heartbeat = new Heartbeat(out, java.time.Duration.ofMillis(40), tasks::get)) {
      JobRunner runner = new JobRunner(config -> context -> {
        if (config.name().equals("slow")) {
          for (int i = 0; i < 100 && beats.toString(StandardCharsets.UTF_8).lines().count() < 2; i++) {
            tasks.addAndGet(1_000);
            Thread.sleep(40);
          }
        }
        return StepResult.of(1, 1, 0);
      }, quiet, new Progress(out), Clock.systemUTC()).heartbeat(heartbeat);
      runner.run(JobPlan.of(JobPlanTest.job(JobPlanTest.step("slow"), JobPlanTest.step("quick", "slow"))),
          new RunContext("r1", 1L, Instant.now()));
      String printed = beats.toString(StandardCharsets.UTF_8);
      Thread.sleep(200);
      assertThat(beats.toString(StandardCharsets.UTF_8)).as("nothing after the run").isEqualTo(printed);
      List<String> lines = printed.lines().toList();
      assertThat(lines.get(0)).matches("      \\.\\.\\. slow running [0-9]+ s: [0-9,]+ tasks done");
      int slowLine = lines.indexOf(lines.stream().filter(l -> l.startsWith("[1/2] slow")).findFirst().orElseThrow());
      assertThat(lines.subList(slowLine, lines.size())).noneMatch(l -> l.contains("slow running"));
    }
  }

  @Test
  void aStepsAlertsArePrintedUnderItsLineAndKeptByTheRunWhichStillSucceeds() {
    JobRun run = run(JobPlan.of(JobPlanTest.job(JobPlanTest.step("alerted"), JobPlanTest.step("after", "alerted"))));
    assertThat(run.succeeded()).isTrue();
    assertThat(executed).containsExactly("alerted", "after");
    assertThat(run.alerts()).containsExactly("alerted: 1 erasure request past its deadline and not completed: R-old");
    assertThat(console.toString(StandardCharsets.UTF_8)).contains("[1/2] alerted").contains(System.lineSeparator()
        + "      alert: 1 erasure request past its deadline and not completed: R-old" + System.lineSeparator()
        + "[2/2] after");
  }
}
