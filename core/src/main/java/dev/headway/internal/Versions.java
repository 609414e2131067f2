package dev.headway.internal;

import java.time.Instant;

/**
 * Draws job versions. A version is the larger of the previous one plus one and the clock in microseconds, so a
 * node that restarts after a crash (and lost versions it never wrote) still issues versions above any it could
 * have shown a client: an SSE event id or ETag never names two different states of a job.
 */
public final class Versions {
  private Versions() {}

  /**
   * Returns the version after {@code previous} at time {@code now}.
   *
   * @param previous the current version
   * @param now the current time
   * @return the larger of {@code previous + 1} and {@code now} in microseconds since the epoch
   */
  public static long next(long previous, Instant now) {
    long micros = Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1_000L);
    return Math.max(previous + 1, micros);
  }
}
