package dev.headway.benchmarks;

import dev.headway.JobSnapshot;
import dev.headway.jdbc.JdbcJobStore;
import java.util.List;

/** The hand-rolled observer: reads all the jobs' rows from B's store in one query every interval. */
final class RowPoller {
  private final JdbcJobStore store;
  private final List<String> ids;
  private final StateObserver observer;
  private final long intervalMs;
  private final Thread thread;
  private volatile boolean stopped;

  RowPoller(JdbcJobStore store, List<String> ids, StateObserver observer, long intervalMs) {
    this.store = store;
    this.ids = ids;
    this.observer = observer;
    this.intervalMs = intervalMs;
    this.thread = new Thread(this::poll, "load-poller");
  }

  void start() {
    thread.start();
  }

  private void poll() {
    long next = System.nanoTime();
    while (!stopped) {
      List<JobSnapshot> found = store.findAll(ids);
      long at = System.nanoTime();
      for (JobSnapshot row : found) {
        observer.saw(row, at);
      }
      next += intervalMs * 1_000_000L;
      try {
        Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000L));
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  void stop() throws InterruptedException {
    stopped = true;
    thread.interrupt();
    thread.join();
  }
}
