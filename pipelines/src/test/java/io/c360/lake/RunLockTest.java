package io.c360.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLockTest {
  @TempDir
  Path dir;

  private final Configuration conf = new Configuration();

  @Test
  void aSecondRunIsRefusedWhileTheFirstHoldsTheLakehouse() throws Exception {
    String lakehouse = dir.resolve("lakehouse").toString();
    try (RunLock first = RunLock.acquire(lakehouse, conf, "run-1", "daily")) {
      assertThat(RunLock.holder(lakehouse, conf)).hasValueSatisfying(h -> assertThat(h).containsEntry("run_id", "run-1")
          .containsEntry("pid", Long.toString(ProcessHandle.current().pid())));
      assertThatThrownBy(() -> RunLock.acquire(lakehouse, conf, "run-2", "erasure"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("lakehouse " + lakehouse + " is in use by run run-1 (job daily, host ")
          .hasMessageEndingWith("runs must not overlap. If that run is no longer running, delete "
              + lakehouse + "/_c360/run.lock");
    }
    assertThat(RunLock.holder(lakehouse, conf)).isEmpty();
    try (RunLock again = RunLock.acquire(lakehouse, conf, "run-2", "daily")) {
      assertThat(RunLock.holder(lakehouse, conf)).hasValueSatisfying(h -> assertThat(h).containsEntry("run_id", "run-2"));
    }
  }

  @Test
  void aLockLeftByAProcessThatEndedOnThisHostIsTakenOver() throws Exception {
    String lakehouse = dir.resolve("lakehouse").toString();
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();
    String host = java.net.InetAddress.getLocalHost().getHostName();
    Path lock = dir.resolve("lakehouse/_c360/run.lock");
    Files.createDirectories(lock.getParent());
    Files.writeString(lock, "run_id=killed\njob=daily\nhost=" + host + "\npid=" + ended.pid() + "\n");
    try (RunLock taken = RunLock.acquire(lakehouse, conf, "run-3", "daily")) {
      assertThat(RunLock.holder(lakehouse, conf)).hasValueSatisfying(h -> assertThat(h).containsEntry("run_id", "run-3"));
      assertThat(taken.tookOverFrom()).hasValueSatisfying(h -> assertThat(h).containsEntry("run_id", "killed")
          .containsEntry("job", "daily"));
    }
    try (RunLock free = RunLock.acquire(lakehouse, conf, "run-5", "daily")) {
      assertThat(free.tookOverFrom()).isEmpty();
    }
    // Another host's lock is never taken over: its process cannot be checked from here.
    Files.writeString(lock, "run_id=elsewhere\njob=daily\nhost=other-host\npid=1\n");
    assertThatThrownBy(() -> RunLock.acquire(lakehouse, conf, "run-4", "daily"))
        .hasMessageContaining("is in use by run elsewhere (job daily, host other-host, pid 1");
  }
}
