package dev.headway.testing;

import dev.headway.ProgressTracker;
import dev.headway.spi.JobStore;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A tracker on a fake clock, a manual scheduler and a queue executor: a test moves time with {@link #tick} and
 * delivers events with {@link #deliver}, so nothing depends on timing.
 */
public final class TrackerHarness implements AutoCloseable {
  public final MutableClock clock = MutableClock.atEpoch();
  public final ManualScheduler scheduler = new ManualScheduler();
  public final QueueExecutor executor = new QueueExecutor();
  public final CountingStore store;
  public final ProgressTracker tracker;

  public TrackerHarness() {
    this(UnaryOperator.identity());
  }

  public TrackerHarness(UnaryOperator<ProgressTracker.Builder> config) {
    this(null, config);
  }

  /** A tracker on a given store; with null, on an in-memory store whose clock is the harness's. */
  public TrackerHarness(JobStore backing, UnaryOperator<ProgressTracker.Builder> config) {
    this.store = new CountingStore(backing != null ? backing : JobStore.inMemory(clock));
    this.tracker = config.apply(ProgressTracker.builder()
        .store(store)
        .clock(clock)
        .scheduler(scheduler)
        .executor(executor)).build();
  }

  /** Moves the clock and runs the periodic housekeeping (flush, stall check, eviction) once. */
  public void tick(Duration d) {
    clock.advance(d);
    scheduler.runPeriodicTasks();
  }

  /** Runs every queued dispatch and delivery. */
  public void deliver() {
    executor.runAll();
  }

  @Override
  public void close() {
    tracker.close();
  }
}
