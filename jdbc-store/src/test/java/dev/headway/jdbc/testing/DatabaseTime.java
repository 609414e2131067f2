package dev.headway.jdbc.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for what the database's clock decides, such as a job turning stale. No fake clock moves it, so real time must
 * pass: this polls the condition, doing {@code betweenPolls} (a tracker's housekeeping, say) each time, until it
 * holds or the timeout fails the test.
 */
public final class DatabaseTime {
  private static final Duration POLL = Duration.ofMillis(20);

  private DatabaseTime() {}

  /**
   * Polls until {@code done} holds.
   *
   * @param what what is awaited, for the failure message
   * @param timeout how long at most
   * @param done the condition
   * @param betweenPolls what to do before each new look
   */
  public static void await(String what, Duration timeout, BooleanSupplier done, Runnable betweenPolls) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as("%s within %s", what, timeout).isNegative();
      LockSupport.parkNanos(POLL.toNanos());
      betweenPolls.run();
    }
  }
}
