package dev.headway.internal;

import java.time.Instant;

/**
 * Draws job versions. A version is the larger of the previous one plus one and the clock in microseconds, so a
 * node that restarts after a crash (and lost versions it never wrote) still issues versions above any it could
 * have shown a client: an SSE event id or ETag never names two different states of a job.
 */
final class Versions {
  private Versions() {}

  static long next(long previous, Instant now) {
    long micros = Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1_000L);
    return Math.max(previous + 1, micros);
  }
}
