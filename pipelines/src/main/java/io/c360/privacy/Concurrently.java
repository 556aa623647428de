package io.c360.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs one function over many items on a few threads, for work that is mostly waiting on files or
 * on small Spark jobs that leave cores idle one at a time. Results come back in the items' order.
 * On a failure, items not started yet are cancelled and the running ones are waited for, so nothing
 * is still writing when the first failure, in the items' order, is thrown as it was.
 */
final class Concurrently {
  private Concurrently() {}

  static <T, R> List<R> map(List<T> items, int threads, Function<T, R> f) {
    if (items.size() <= 1 || threads <= 1) {
      return items.stream().map(f).toList();
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, items.size()));
    List<Future<R>> running = new ArrayList<>();
    try {
      for (T item : items) {
        running.add(pool.submit(() -> f.apply(item)));
      }
      List<R> out = new ArrayList<>();
      for (Future<R> r : running) {
        out.add(r.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      cause.addSuppressed(new IllegalStateException("rethrown by the caller of Concurrently.map"));
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    } finally {
      running.forEach(r -> r.cancel(false));
      pool.shutdown();
      awaitQuietly(pool);
    }
  }

  private static void awaitQuietly(ExecutorService pool) {
    try {
      while (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
        // a rewrite of a large file or a purge still running: its file must not be left half moved
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Threads for driver-side work: Spark's default parallelism (4 in local mode), at least 2 and at most 8. */
  static int threads(org.apache.spark.sql.SparkSession spark) {
    return Math.max(2, Math.min(8, spark.sparkContext().defaultParallelism()));
  }
}
