package io.c360.job;

/** One unit of work in a job. Implementations execute a decision; they return what they did. */
@FunctionalInterface
public interface Step {
  StepResult apply(RunContext context) throws Exception;
}
