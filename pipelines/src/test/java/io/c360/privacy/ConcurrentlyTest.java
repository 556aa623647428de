package io.c360.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One function over many items on a few threads: results in order, the first failure as thrown. */
class ConcurrentlyTest {
  @Test
  void resultsComeBackInTheItemsOrderFromItemsRunAtTheSameTime() {
    // Each of the first two items waits for the other to start: they can only finish side by side.
    CountDownLatch both = new CountDownLatch(2);
    List<String> out = Concurrently.map(List.of(1, 2, 3, 4), 2, i -> {
      if (i <= 2) {
        both.countDown();
        try {
          if (!both.await(10, TimeUnit.SECONDS)) {
            return "alone";
          }
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }
      return "item " + i;
    });
    assertThat(out).containsExactly("item 1", "item 2", "item 3", "item 4");
  }

  @Test
  void theFirstFailureInTheItemsOrderIsThrownAsItWas() {
    assertThatThrownBy(() -> Concurrently.map(List.of(1, 2, 3), 3, i -> {
      if (i >= 2) {
        throw new IllegalArgumentException("cannot rewrite file " + i);
      }
      return i;
    })).isInstanceOf(IllegalArgumentException.class).hasMessage("cannot rewrite file 2");
  }

  @Test
  void aFailureWaitsForTheItemsStillRunningSoNoneIsLeftHalfDone() {
    java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
    CountDownLatch slowStarted = new CountDownLatch(1);
    assertThatThrownBy(() -> Concurrently.map(List.of(1, 2), 2, i -> {
      try {
        if (i == 1) {
          slowStarted.await(10, TimeUnit.SECONDS);
          throw new IllegalStateException("cannot rewrite file 1");
        }
        slowStarted.countDown();
        Thread.sleep(300); // a rewrite in progress when the other fails
        finished.set(true);
        return i;
      } catch (InterruptedException e) {
        throw new IllegalStateException("interrupted", e);
      }
    })).hasMessage("cannot rewrite file 1");
    assertThat(finished).isTrue();
  }

  @Test
  void oneThreadOrOneItemRunsInTheCallersThread() {
    Thread caller = Thread.currentThread();
    assertThat(Concurrently.map(List.of(1, 2), 1, i -> Thread.currentThread() == caller)).containsExactly(true, true);
    assertThat(Concurrently.map(List.of(1), 4, i -> Thread.currentThread() == caller)).containsExactly(true);
  }
}
