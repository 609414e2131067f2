package dev.headway.testing;

import dev.headway.ProgressTracker;
import dev.headway.spi.JobStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Nodes of a cluster on one in-memory store whose clock is the database's: each node is a {@link TrackerHarness}
 * with its own clock (possibly skewed), its own {@link CountingStore} view of the shared store (so one node's store
 * can fail while the others' works), and housekeeping that runs only when the test says.
 */
public final class Nodes implements AutoCloseable {
  /** The store's clock: the one liveness is judged by. */
  public final MutableClock storeClock = MutableClock.atEpoch();
  public final JobStore store = JobStore.inMemory(storeClock);
  private final List<TrackerHarness> nodes = new ArrayList<>();

  /** A node whose clock agrees with the store's. */
  public TrackerHarness node(String id, UnaryOperator<ProgressTracker.Builder> config) {
    return node(id, Duration.ZERO, config);
  }

  /** A node whose clock is {@code skew} ahead of the store's (behind when negative). */
  public TrackerHarness node(String id, Duration skew, UnaryOperator<ProgressTracker.Builder> config) {
    TrackerHarness node = new TrackerHarness(store, b -> config.apply(b.nodeId(id)));
    node.clock.set(storeClock.instant().plus(skew));
    nodes.add(node);
    return node;
  }

  /** Moves every clock by {@code step}, {@code times} times, running the housekeeping of the named nodes each time. */
  public void tick(Duration step, int times, TrackerHarness... alive) {
    for (int i = 0; i < times; i++) {
      storeClock.advance(step);
      for (TrackerHarness node : nodes) {
        node.clock.advance(step);
      }
      for (TrackerHarness node : alive) {
        node.scheduler.runPeriodicTasks();
      }
    }
  }

  @Override
  public void close() {
    for (TrackerHarness node : nodes) {
      node.close();
    }
  }
}
