package io.c360.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The most heap in use while something runs, sampled every 50 ms on a daemon thread (in local mode
 * the driver's heap is also the executors'). A sample, so a peak shorter than 50 ms can be missed.
 */
final class PeakHeap implements AutoCloseable {
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final AtomicLong peak = new AtomicLong();
  private final Thread sampler;
  private volatile boolean running = true;

  private PeakHeap() {
    sampler = new Thread(() -> {
      while (running) {
        sample();
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "c360-peak-heap");
    sampler.setDaemon(true);
  }

  /** Starts sampling after a GC, so what the last stage left behind is not counted. */
  public static PeakHeap start() {
    System.gc();
    PeakHeap p = new PeakHeap();
    p.sample();
    p.sampler.start();
    return p;
  }

  private void sample() {
    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
  }

  /** The highest sample so far, in bytes. */
  public long peakBytes() {
    return peak.get();
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
    sample();
  }
}
