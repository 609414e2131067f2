package dev.headway.testing;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/** An executor that queues tasks until the test calls {@link #runAll()}, so delivery order is deterministic. */
public final class QueueExecutor implements Executor {
  private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

  @Override
  public synchronized void execute(Runnable task) {
    tasks.add(task);
  }

  /** Runs queued tasks, including the ones they queue, until none is left. */
  public void runAll() {
    while (true) {
      Runnable task;
      synchronized (this) {
        task = tasks.poll();
      }
      if (task == null) {
        return;
      }
      task.run();
    }
  }

  /** Returns how many tasks wait. */
  public synchronized int pending() {
    return tasks.size();
  }
}
