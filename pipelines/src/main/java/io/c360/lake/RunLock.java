package io.c360.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job run at a time per lakehouse. Batch numbers are the run's start time and every model
 * reads "the batches after the last one it saw": two overlapping runs would each skip the other's
 * batches. A run holds {@code <lakehouse>/_c360/run.lock}, created only if absent; a second run is
 * refused with the holder's details. A lock left by a process that died on this host is taken over.
 *
 * <p>Creating a file only if absent is atomic on HDFS; on local disks Hadoop's file system checks
 * then creates, and on object stores it is a check then a write: the lock catches a run started
 * by mistake while another is under way, and schedules must still not start two runs at once (a
 * scheduler's max-active-runs of one does it).
 */
public final class RunLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);

  private final FileSystem fs;
  private final Path file;
  private final String runId;

  private Map<String, String> tookOver = Map.of();

  private RunLock(FileSystem fs, Path file, String runId) {
    this.fs = fs;
    this.file = file;
    this.runId = runId;
  }

  /**
   * The lock file's fields (run_id, job, host, pid, started_at) of a run whose process had died
   * holding the lock, when this lock was taken over from it: that run never recorded its end.
   */
  public Optional<Map<String, String>> tookOverFrom() {
    return tookOver.isEmpty() ? Optional.empty() : Optional.of(tookOver);
  }

  /** The lock file of a lakehouse. */
  static Path file(String lakehouse) {
    return new Path(lakehouse + "/_c360/run.lock");
  }

  /**
   * Takes the lakehouse's lock, waiting up to {@code wait} for a run that holds it to end (polling
   * every few seconds); an erasure waits for the daily job rather than failing.
   *
   * @throws IllegalStateException naming the run that still holds it after {@code wait}
   */
  public static RunLock acquire(String lakehouse, Configuration conf, String runId, String job,
      java.time.Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    boolean said = false;
    while (true) {
      try {
        return acquire(lakehouse, conf, runId, job);
      } catch (IllegalStateException e) {
        if (System.nanoTime() >= deadline) {
          throw wait.isZero() ? e : new IllegalStateException("waited " + wait.toMinutes() + " min: " + e.getMessage(), e);
        }
        if (!said) {
          LOG.warn("{}; waiting up to {} s for it to end", e.getMessage().replaceFirst("; runs must not overlap.*", ""),
              wait.toSeconds());
          said = true;
        }
        try {
          Thread.sleep(Math.min(2_000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /**
   * Takes the lakehouse's lock for a run.
   *
   * @throws IllegalStateException naming the run that holds it
   */
  public static RunLock acquire(String lakehouse, Configuration conf, String runId, String job) {
    Path file = file(lakehouse);
    try {
      FileSystem fs = file.getFileSystem(conf);
      Map<String, String> holder = new LinkedHashMap<>();
      holder.put("run_id", runId);
      holder.put("job", job);
      holder.put("host", host());
      holder.put("pid", Long.toString(ProcessHandle.current().pid()));
      holder.put("started_at", Instant.now().toString());
      Map<String, String> dead = Map.of();
      for (int attempt = 0; attempt < 2; attempt++) {
        try (FSDataOutputStream out = fs.create(file, false)) {
          out.write(format(holder).getBytes(StandardCharsets.UTF_8));
          RunLock lock = new RunLock(fs, file, runId);
          lock.tookOver = dead;
          return lock;
        } catch (FileAlreadyExistsException e) {
          Map<String, String> other = read(fs, file);
          if (attempt == 0 && other.isEmpty()) {
            continue; // released in between
          }
          if (attempt == 0 && deadOnThisHost(other)) {
            // Deleted only while it still names the dead run: another run taking it over first keeps it.
            if (other.equals(read(fs, file))) {
              LOG.warn("lakehouse {}: taking over the lock of run {} (process {} on this host has ended)", lakehouse,
                  other.get("run_id"), other.get("pid"));
              fs.delete(file, false);
              dead = Map.copyOf(other);
            }
            continue;
          }
          throw new IllegalStateException("lakehouse " + lakehouse + " is in use by run " + other.get("run_id")
              + " (job " + other.get("job") + ", host " + other.get("host") + ", pid " + other.get("pid")
              + ", started " + other.get("started_at") + "); runs must not overlap. If that run is no longer "
              + "running, delete " + file);
        }
      }
      throw new IllegalStateException("lakehouse " + lakehouse + ": could not take the lock " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("lakehouse " + lakehouse + ": cannot write the lock " + file, e);
    }
  }

  private static boolean deadOnThisHost(Map<String, String> holder) {
    if (!host().equals(holder.get("host"))) {
      return false;
    }
    try {
      long pid = Long.parseLong(holder.getOrDefault("pid", ""));
      return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String format(Map<String, String> fields) {
    StringBuilder out = new StringBuilder();
    fields.forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
    return out.toString();
  }

  private static Map<String, String> read(FileSystem fs, Path file) throws IOException {
    Map<String, String> fields = new LinkedHashMap<>();
    try (FSDataInputStream in = fs.open(file)) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          fields.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    } catch (java.io.FileNotFoundException e) {
      return Map.of(); // released in between
    }
    return fields;
  }

  /** The holder's details, if the lakehouse is locked. */
  static Optional<Map<String, String>> holder(String lakehouse, Configuration conf) throws IOException {
    Path file = file(lakehouse);
    FileSystem fs = file.getFileSystem(conf);
    return fs.exists(file) ? Optional.of(read(fs, file)) : Optional.empty();
  }

  /**
   * Runs {@code then} holding {@code lock} and returns the lock, or releases it when {@code then}
   * fails in any way (Spark's checked exceptions, thrown undeclared, included) and rethrows.
   */
  public static RunLock holding(RunLock lock, Runnable then) {
    boolean done = false;
    try {
      then.run();
      done = true;
      return lock;
    } finally {
      if (!done) {
        try {
          lock.close();
        } catch (RuntimeException e) {
          LOG.warn("could not release the lock {} after a failure: {}", lock.file, e.toString());
        }
      }
    }
  }

  /** Releases the lock, if it is still this run's. */
  @Override
  public void close() {
    try {
      if (!runId.equals(read(fs, file).get("run_id"))) {
        LOG.warn("lock {} no longer names run {}; left as it is", file, runId);
        return;
      }
      fs.delete(file, false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the lock " + file, e);
    }
  }
}
