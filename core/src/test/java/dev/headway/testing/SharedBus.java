package dev.headway.testing;

import dev.headway.spi.ChangeNotice;
import dev.headway.spi.ClusterBus;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A cluster bus in memory for trackers of one test: each {@link #node()} is one tracker's bus, and what one
 * publishes waits until {@link #deliver()} hands it to every node (the publisher too, as a real bus does).
 */
public final class SharedBus {
  private final List<ClusterBus.Receiver> receivers = new CopyOnWriteArrayList<>();
  private final Queue<List<ChangeNotice>> pending = new ArrayDeque<>();
  public int published;

  /** A bus for one more tracker. */
  public ClusterBus node() {
    return new ClusterBus() {
      private ClusterBus.Receiver receiver;

      @Override
      public void start(String nodeId, ClusterBus.Receiver r) {
        receiver = r;
        receivers.add(r);
      }

      @Override
      public void publish(List<ChangeNotice> notices) {
        synchronized (SharedBus.this) {
          pending.add(List.copyOf(notices));
          published += notices.size();
        }
      }

      @Override
      public void close() {
        receivers.remove(receiver);
      }
    };
  }

  /** Hands every published notice to every node, until none is left. */
  public void deliver() {
    while (true) {
      List<ChangeNotice> next;
      synchronized (this) {
        next = pending.poll();
      }
      if (next == null) {
        return;
      }
      for (ClusterBus.Receiver r : receivers) {
        r.changed(next);
      }
    }
  }

  /** Tells every node that notices may have been lost. */
  public void gap() {
    for (ClusterBus.Receiver r : receivers) {
      r.resync();
    }
  }

  /** Drops the published notices that were not delivered yet: an outage. */
  public synchronized void lose() {
    pending.clear();
  }
}
