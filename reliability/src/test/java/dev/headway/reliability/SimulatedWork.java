package dev.headway.reliability;

import java.util.concurrent.ThreadLocalRandom;

/** The time a worker's job spends working between two calls: it waits for nothing, it only lets time pass. */
final class SimulatedWork {
  private SimulatedWork() {}

  /**
   * Works for a random time.
   *
   * @param maxMillis the longest it takes
   */
  static void upTo(long maxMillis) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(maxMillis + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
