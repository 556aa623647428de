package io.c360.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs one function over many items on a few threads, for work that is mostly waiting on files or
 * on small Spark jobs that leave cores idle one at a time. Results come back in the items' order;
 * the first failure, in that order, is thrown as it was (the others are cancelled).
 */
final class Concurrently {
  private Concurrently() {}

  static <T, R> List<R> map(List<T> items, int threads, Function<T, R> f) {
    if (items.size() <= 1 || threads <= 1) {
      return items.stream().map(f).toList();
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, items.size()));
    try {
      List<Future<R>> running = new ArrayList<>();
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
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Threads for a Spark session's driver-side work: its cores, at least 2 and at most 8. */
  static int threads(org.apache.spark.sql.SparkSession spark) {
    return Math.max(2, Math.min(8, spark.sparkContext().defaultParallelism()));
  }
}
