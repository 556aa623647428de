package io.c360.job;

/** Where the runner records runs (ops.job_runs and ops.step_runs in a lakehouse). */
public interface RunLog {
  void stepFinished(String runId, String job, StepRun step);

  void jobFinished(JobRun run);

  /** Records nothing: for --dry-run and unit tests of the runner. */
  RunLog NONE = new RunLog() {
    @Override
    public void stepFinished(String runId, String job, StepRun step) {}

    @Override
    public void jobFinished(JobRun run) {}
  };
}
