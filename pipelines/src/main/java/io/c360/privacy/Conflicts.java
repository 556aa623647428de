package io.c360.privacy;

import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries a table change that lost a race with another writer: Delta's concurrent-modification
 * exceptions (a daily run appending to or rewriting files the erasure read) and Iceberg's failed
 * commits. Each attempt re-reads the table, so a retry deletes what is there now.
 */
final class Conflicts {
  private static final Logger LOG = LoggerFactory.getLogger(Conflicts.class);
  private static final Set<String> RETRYABLE = Set.of(
      "io.delta.exceptions.DeltaConcurrentModificationException",
      "org.apache.spark.sql.delta.DeltaConcurrentModificationException",
      "org.apache.iceberg.exceptions.CommitFailedException");

  private Conflicts() {}

  static <T> T retry(String what, int attempts, long backoffMillis, Supplier<T> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        return change.get();
      } catch (RuntimeException e) {
        if (!isConflict(e) || attempt >= attempts) {
          throw e;
        }
        LOG.warn("{}: another writer changed the table ({}); attempt {} of {} in {} ms", what,
            e.getClass().getSimpleName(), attempt + 1, attempts, backoffMillis * attempt);
        try {
          Thread.sleep(backoffMillis * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /** True when {@code e} or a cause is a concurrent-write conflict, by class or superclass. */
  static boolean isConflict(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
        if (RETRYABLE.contains(c.getName())) {
          return true;
        }
      }
    }
    return false;
  }
}
