package io.c360.job;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A line every few seconds while a step runs, so a long step is not a silent minute: the step, how
 * long it has run and the work done since it started, e.g.
 * {@code       ... silver_events running 30 s: 1,204 tasks done}. The count comes from a
 * supplier (Spark's finished tasks, in a run).
 */
public final class Heartbeat implements AutoCloseable {
  private final PrintStream out;
  private final Duration every;
  private final LongSupplier done;
  private final ScheduledExecutorService timer;
  private ScheduledFuture<?> beat;

  /**
   * @param every how often a line is printed while a step runs
   * @param done a running count of work done (tasks), read at the start and at each beat
   */
  public Heartbeat(PrintStream out, Duration every, LongSupplier done) {
    this.out = out;
    this.every = every;
    this.done = done;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "c360-heartbeat");
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts beating for {@code step}; the previous step's beat, if any, stops. */
  synchronized void started(String step) {
    stopped();
    long start = System.nanoTime();
    long before = done.getAsLong();
    beat = timer.scheduleAtFixedRate(() -> {
      long seconds = Math.round((System.nanoTime() - start) / 1e9);
      out.printf(Locale.ROOT, "      ... %s running %d s: %,d tasks done%n", step, seconds, done.getAsLong() - before);
      out.flush();
    }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Stops the current step's beat; no line is printed for it after this returns. */
  synchronized void stopped() {
    if (beat != null) {
      beat.cancel(false);
      try {
        // a beat already printing finishes before the step's own line
        timer.submit(() -> { }).get(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        // a beat stuck on a slow console: the step's line follows it regardless
      }
      beat = null;
    }
  }

  @Override
  public void close() {
    stopped();
    timer.shutdownNow();
  }
}
