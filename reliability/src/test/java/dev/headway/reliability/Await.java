package dev.headway.reliability;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for a condition with a deadline, by polling: the fault tests wait on the store, which cannot notify. */
final class Await {
  private static final long POLL_MILLIS = 25;

  private Await() {}

  /**
   * Polls until the condition holds.
   *
   * @param what what is awaited, for the failure message
   * @param timeout how long at most
   * @param condition the condition
   * @return how long it took
   * @throws AssertionError if it did not hold in time
   */
  static Duration until(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long began = System.nanoTime();
    long deadline = began + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(POLL_MILLIS);
    }
    return Duration.ofNanos(System.nanoTime() - began);
  }

  /**
   * Polls until the condition holds or the time is up, without failing.
   *
   * @param timeout how long at most
   * @param condition the condition
   * @return true if it held
   */
  static boolean within(Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(POLL_MILLIS);
    }
    return true;
  }
}
