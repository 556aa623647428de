package io.c360.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A change that lost a race with another writer is tried again; other failures are not. */
class ConflictsTest {
  @Test
  void deltaAndIcebergConflictsAreRetried() {
    AtomicInteger calls = new AtomicInteger();
    String result = Conflicts.retry("erasing from silver.events", 3, 1, () -> {
      if (calls.incrementAndGet() == 1) {
        throw new io.delta.exceptions.ConcurrentAppendException("files were added to the table");
      }
      if (calls.get() == 2) {
        throw new RuntimeException(new org.apache.iceberg.exceptions.CommitFailedException("metadata changed"));
      }
      return "done";
    });
    assertThat(result).isEqualTo("done");
    assertThat(calls).hasValue(3);
  }

  @Test
  void otherErrorsAndTheLastConflictAreThrown() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> Conflicts.retry("x", 3, 1, () -> {
      calls.incrementAndGet();
      throw new IllegalStateException("disk full");
    })).hasMessage("disk full");
    assertThat(calls).hasValue(1);
    assertThatThrownBy(() -> Conflicts.retry("x", 2, 1, () -> {
      throw new io.delta.exceptions.ConcurrentDeleteReadException("a file read was deleted");
    })).isInstanceOf(io.delta.exceptions.ConcurrentDeleteReadException.class);
  }
}
