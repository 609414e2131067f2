package dev.headway.testing;

import dev.headway.JobEvent;
import dev.headway.JobEventType;
import dev.headway.JobListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Records events and lets a test wait for one, with a timeout, without sleeping. */
public final class RecordingListener implements JobListener {
  private final List<JobEvent> events = new ArrayList<>();

  @Override
  public synchronized void onEvent(JobEvent event) {
    events.add(event);
    notifyAll();
  }

  public synchronized List<JobEvent> events() {
    return List.copyOf(events);
  }

  public synchronized List<JobEventType> types() {
    return events.stream().map(JobEvent::type).toList();
  }

  public synchronized JobEvent last() {
    if (events.isEmpty()) {
      throw new AssertionError("no event was received");
    }
    return events.get(events.size() - 1);
  }

  /** Waits until an event matches, failing the test after the timeout. */
  public synchronized JobEvent await(Predicate<JobEvent> condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (JobEvent e : events) {
        if (condition.test(e)) {
          return e;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no matching event within " + timeout + "; received " + types());
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  /** Waits for the terminal event of a job. */
  public JobEvent awaitTerminal(String jobId, Duration timeout) {
    return await(e -> e.job().id().equals(jobId) && e.type().isTerminal(), timeout);
  }
}
