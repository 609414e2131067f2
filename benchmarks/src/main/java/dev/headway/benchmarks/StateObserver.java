package dev.headway.benchmarks;

import dev.headway.JobSnapshot;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What one observer saw: per job the newest {@code done}, and the latency of every newer state it saw.
 */
final class StateObserver {
  private final int rounds;
  private final AtomicIntegerArray newest;
  private final AtomicLong outOfOrder = new AtomicLong();
  private volatile Map<String, Integer> index = Map.of();
  private volatile AtomicLongArray sent;
  private long[] latencies = new long[1024];
  private int count;
  private long[] updateLatencies = new long[1024];
  private int updateCount;

  StateObserver(int jobs, int rounds) {
    this.rounds = rounds;
    this.newest = new AtomicIntegerArray(jobs);
  }

  void index(Map<String, Integer> ids) {
    index = Map.copyOf(ids);
  }

  void sendTimes(AtomicLongArray times) {
    sent = times;
  }

  /** Takes a state seen at {@code at} (nanoTime). */
  void saw(JobSnapshot job, long at) {
    Integer i = index.get(job.id());
    AtomicLongArray times = sent;
    if (i == null || times == null || job.done() == null || job.done() <= 0) {
      return;
    }
    int done = (int) (long) job.done();
    int before = newest.getAndAccumulate(i, done, Math::max);
    if (done < before) {
      outOfOrder.incrementAndGet();
    }
    if (done <= before) {
      return;
    }
    long sentAt = times.get(i * rounds + done - 1);
    synchronized (this) {
      if (count == latencies.length) {
        latencies = Arrays.copyOf(latencies, count * 2);
      }
      latencies[count++] = at - sentAt;
      for (int v = before + 1; v <= done; v++) {
        if (updateCount == updateLatencies.length) {
          updateLatencies = Arrays.copyOf(updateLatencies, updateCount * 2);
        }
        updateLatencies[updateCount++] = at - times.get(i * rounds + v - 1);
      }
    }
  }

  /** Per state seen: receive time − time of the newest update it contains. */
  synchronized long[] latencies() {
    return Arrays.copyOf(latencies, count);
  }

  /** Per update: the time until the first state seen that contains it (done at least its value). */
  synchronized long[] updateLatencies() {
    return Arrays.copyOf(updateLatencies, updateCount);
  }

  long outOfOrder() {
    return outOfOrder.get();
  }

  /** The jobs whose final state (done = rounds) was seen. */
  int finals() {
    int n = 0;
    for (int i = 0; i < newest.length(); i++) {
      if (newest.get(i) == rounds) {
        n++;
      }
    }
    return n;
  }
}
