package dev.headway.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler that runs nothing by itself: a test calls {@link #runPeriodicTasks()} to run every periodic task
 * once, on the test's thread, after moving its {@link MutableClock}. Delays are ignored; only order matters.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
  private final List<Task> periodic = new ArrayList<>();
  private boolean shutdown;

  /** Runs each live periodic task once. */
  public synchronized void runPeriodicTasks() {
    for (Task task : List.copyOf(periodic)) {
      if (!task.isCancelled()) {
        task.command.run();
      }
    }
  }

  private ScheduledFuture<?> addPeriodic(Runnable command) {
    Task task = new Task(command);
    synchronized (this) {
      periodic.add(task);
    }
    return task;
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return addPeriodic(command);
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
    return addPeriodic(command);
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException("one-shot tasks are not used by the tracker");
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException("one-shot tasks are not used by the tracker");
  }

  @Override
  public void execute(Runnable command) {
    command.run();
  }

  @Override
  public synchronized void shutdown() {
    shutdown = true;
  }

  @Override
  public synchronized List<Runnable> shutdownNow() {
    shutdown = true;
    return List.of();
  }

  @Override
  public synchronized boolean isShutdown() {
    return shutdown;
  }

  @Override
  public synchronized boolean isTerminated() {
    return shutdown;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return true;
  }

  private static final class Task extends CompletableFuture<Void> implements ScheduledFuture<Void> {
    final Runnable command;

    Task(Runnable command) {
      this.command = command;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return 0;
    }

    @Override
    public int compareTo(Delayed other) {
      return 0;
    }
  }
}
