package dev.headway.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Worker threads that share a set of jobs and update each of them a number of times: worker {@code w} of
 * {@code n} owns the jobs whose index {@code i % n == w}, and sweeps over them once per round, one update each.
 *
 * <p>Flat out, a worker starts its next round at once. Paced, round {@code r} starts no earlier than
 * {@code r × pace} after the common start, so the whole run lasts about {@code rounds × pace}; the time a worker
 * spends sweeping (not waiting for its next round) is measured apart as its busy time. With a budget, workers stop
 * when it runs out, mid-round if need be.
 */
final class Workers {

  /** One update of one job. */
  interface Update {
    void apply(int job, int round) throws Exception;
  }

  /**
   * What the workers did.
   *
   * @param updates the updates made
   * @param wallNanos from the common start until the last worker stopped
   * @param busyNanos the sum over workers of the time spent sweeping (the wall time minus pacing waits)
   * @param finished whether every job got all its updates (false when the budget ran out)
   */
  record Outcome(long updates, long wallNanos, long busyNanos, boolean finished) {}

  private Workers() {}

  /**
   * Runs the workers and waits for them.
   *
   * @param threads how many workers
   * @param jobs how many jobs, indexed from 0
   * @param rounds how many updates each job gets
   * @param paceNanos the time per round, or 0 for flat out
   * @param budgetNanos when the workers give up, or 0 for never
   * @param update what one update does
   * @return what they did
   * @throws Exception the first failure of an update
   */
  static Outcome run(int threads, int jobs, int rounds, long paceNanos, long budgetNanos, Update update)
      throws Exception {
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    long[] start = new long[1];
    long[] updates = new long[threads];
    long[] busy = new long[threads];
    long[] ended = new long[threads];
    AtomicReference<Exception> failure = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < threads; w++) {
      int worker = w;
      Thread thread = new Thread(() -> {
        ready.countDown();
        try {
          go.await();
          work(worker, threads, jobs, rounds, start[0], paceNanos, budgetNanos, update, updates, busy);
        } catch (Exception e) {
          failure.compareAndSet(null, e);
        } finally {
          ended[worker] = System.nanoTime();
        }
      }, "load-worker-" + w);
      workers.add(thread);
      thread.start();
    }
    ready.await();
    start[0] = System.nanoTime();
    go.countDown();
    for (Thread thread : workers) {
      thread.join();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    long last = start[0];
    long total = 0;
    long busyTotal = 0;
    for (int w = 0; w < threads; w++) {
      last = Math.max(last, ended[w]);
      total += updates[w];
      busyTotal += busy[w];
    }
    return new Outcome(total, last - start[0], busyTotal, total == (long) jobs * rounds);
  }

  private static void work(int worker, int threads, int jobs, int rounds, long start, long paceNanos,
      long budgetNanos, Update update, long[] updates, long[] busy) throws Exception {
    long deadline = start + budgetNanos;
    long done = 0;
    long busyNanos = 0;
    try {
      for (int round = 1; round <= rounds; round++) {
        long sweepStart = System.nanoTime();
        for (int job = worker; job < jobs; job += threads) {
          if (budgetNanos > 0 && System.nanoTime() - deadline >= 0) {
            busyNanos += System.nanoTime() - sweepStart;
            return;
          }
          update.apply(job, round);
          done++;
        }
        long sweepEnd = System.nanoTime();
        busyNanos += sweepEnd - sweepStart;
        if (paceNanos > 0 && round < rounds) {
          long next = start + round * paceNanos;
          for (long wait = next - sweepEnd; wait > 0; wait = next - System.nanoTime()) {
            LockSupport.parkNanos(wait);
          }
        }
      }
    } finally {
      updates[worker] = done;
      busy[worker] = busyNanos;
    }
  }
}
