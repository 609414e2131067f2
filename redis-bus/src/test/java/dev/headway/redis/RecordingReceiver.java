package dev.headway.redis;

import dev.headway.spi.ChangeNotice;
import dev.headway.spi.ClusterBus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A receiver that records what a bus hands it, for tests of a bus without a tracker. */
final class RecordingReceiver implements ClusterBus.Receiver {
  private final List<ChangeNotice> notices = new ArrayList<>();
  private final List<Integer> batchSizes = new ArrayList<>();
  private int resyncs;

  @Override
  public synchronized void changed(List<ChangeNotice> batch) {
    notices.addAll(batch);
    batchSizes.add(batch.size());
    notifyAll();
  }

  @Override
  public synchronized void resync() {
    resyncs++;
    notifyAll();
  }

  synchronized List<ChangeNotice> notices() {
    return List.copyOf(notices);
  }

  synchronized int resyncs() {
    return resyncs;
  }

  /** Waits until at least {@code count} notices arrived. */
  synchronized List<ChangeNotice> awaitNotices(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (notices.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("only " + notices.size() + " of " + count + " notices within " + timeout);
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
    return List.copyOf(notices);
  }
}
