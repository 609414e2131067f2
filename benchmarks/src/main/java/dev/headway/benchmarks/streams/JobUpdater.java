package dev.headway.benchmarks.streams;

import dev.headway.internal.DaemonThreads;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * Updates {@code jobs} jobs {@code rate} times a second each, on a small fixed pool of worker threads. The jobs are
 * cut into slices whose turns are spread evenly over each period, so updates arrive as a steady stream of small
 * bursts (as many independent workers would make them), not as one burst of every job per period.
 */
final class JobUpdater implements AutoCloseable {
  /** Enough slices that a burst is a few dozen updates at 1,000 jobs, few enough that scheduling costs nothing. */
  private static final int SLICES = 20;

  private final ScheduledExecutorService workers;
  private final AtomicLong updates = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  /**
   * Starts updating.
   *
   * @param jobs how many jobs, numbered from 0
   * @param rate updates per second per job; 0 for none
   * @param threads worker threads
   * @param update makes one update of the job with the given number
   */
  JobUpdater(int jobs, int rate, int threads, IntConsumer update) {
    workers = Executors.newScheduledThreadPool(threads, new DaemonThreads("load-worker-"));
    if (rate == 0) {
      return; // idle jobs: streams that only get heartbeats
    }
    long period = TimeUnit.SECONDS.toNanos(1) / rate;
    int slices = Math.min(SLICES, jobs);
    for (int s = 0; s < slices; s++) {
      int from = (int) ((long) jobs * s / slices);
      int to = (int) ((long) jobs * (s + 1) / slices);
      workers.scheduleAtFixedRate(() -> updateSlice(from, to, update), period * s / slices, period,
          TimeUnit.NANOSECONDS);
    }
  }

  private void updateSlice(int from, int to, IntConsumer update) {
    for (int job = from; job < to; job++) {
      try {
        update.accept(job);
        updates.incrementAndGet();
      } catch (RuntimeException e) {
        // One failing job must not cancel the slice's schedule (a periodic task that throws never runs again).
        failures.incrementAndGet();
      }
    }
  }

  /**
   * Returns the updates made so far.
   *
   * @return the count
   */
  long updates() {
    return updates.get();
  }

  /**
   * Returns the updates that threw.
   *
   * @return the count
   */
  long failures() {
    return failures.get();
  }

  /** Stops the workers; an update in progress finishes. */
  @Override
  public void close() {
    workers.shutdown();
  }
}
