package dev.headway.sse.testing;

import dev.headway.testing.MutableClock;
import java.time.Duration;
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
 * A scheduler on a {@link MutableClock}: nothing runs by itself; {@link #runDue()} runs, on the test's thread,
 * every task whose time has come on the clock. Supports one-shot and periodic tasks (the core's ManualScheduler has
 * periodic ones only).
 */
public final class FakeScheduler extends AbstractExecutorService implements ScheduledExecutorService {
  private final MutableClock clock;
  private final List<Task> tasks = new ArrayList<>();

  public FakeScheduler(MutableClock clock) {
    this.clock = clock;
  }

  /** Runs every task that is due, including periodic ones that fell due again meanwhile. */
  public void runDue() {
    while (true) {
      Task due = null;
      synchronized (this) {
        for (Task t : tasks) {
          if (!t.isDone() && t.dueMillis <= clock.millis() && (due == null || t.dueMillis < due.dueMillis)) {
            due = t;
          }
        }
        if (due == null) {
          tasks.removeIf(Task::isDone);
          return;
        }
        if (due.periodMillis > 0) {
          due.dueMillis += due.periodMillis;
        }
      }
      due.command.run();
      if (due.periodMillis == 0) {
        due.complete(null);
      }
    }
  }

  /** Moves the clock and runs what fell due. */
  public void advance(Duration d) {
    clock.advance(d);
    runDue();
  }

  /** Returns how many tasks wait. */
  public synchronized int pending() {
    return (int) tasks.stream().filter(t -> !t.isDone()).count();
  }

  private synchronized Task add(Runnable command, long delay, long period, TimeUnit unit) {
    Task task = new Task(command, clock.millis() + unit.toMillis(delay), unit.toMillis(period));
    tasks.add(task);
    return task;
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return add(command, delay, 0, unit);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException("not used by the endpoints");
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
    return add(command, initialDelay, period, unit);
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return add(command, initialDelay, delay, unit);
  }

  @Override
  public void execute(Runnable command) {
    command.run();
  }

  @Override
  public void shutdown() {}

  @Override
  public List<Runnable> shutdownNow() {
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return false;
  }

  @Override
  public boolean isTerminated() {
    return false;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return true;
  }

  private final class Task extends CompletableFuture<Void> implements ScheduledFuture<Void> {
    final Runnable command;
    long dueMillis;
    final long periodMillis;

    Task(Runnable command, long dueMillis, long periodMillis) {
      this.command = command;
      this.dueMillis = dueMillis;
      this.periodMillis = periodMillis;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(dueMillis - clock.millis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(getDelay(TimeUnit.MILLISECONDS), other.getDelay(TimeUnit.MILLISECONDS));
    }
  }
}
