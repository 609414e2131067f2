package dev.headway;

import java.time.Instant;
import dev.headway.internal.WireNames;
import java.util.Objects;

/**
 * An estimate of when a running job will end, with the range the end is likely in.
 *
 * @param remainingMs milliseconds left; always positive for an unfinished job
 * @param at the expected end time
 * @param confidence how far off the estimate is likely to be
 * @param remainingMsLow the fewest milliseconds left that the estimate deems likely; positive, at most
 *     {@code remainingMs}
 * @param remainingMsHigh the most milliseconds left that the estimate deems likely; at least {@code remainingMs}
 */
public record Eta(long remainingMs, Instant at, Confidence confidence, long remainingMsLow, long remainingMsHigh) {
  /** Checks the fields. */
  public Eta {
    if (remainingMs <= 0) {
      throw new IllegalArgumentException("an ETA must be positive, was " + remainingMs + " ms");
    }
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(confidence, "confidence");
    if (remainingMsLow <= 0 || remainingMsLow > remainingMs || remainingMsHigh < remainingMs) {
      throw new IllegalArgumentException("an ETA's range must hold it and be positive, was " + remainingMsLow
          + "–" + remainingMsHigh + " ms around " + remainingMs + " ms");
    }
  }

  /**
   * Creates an estimate without a range (both ends at {@code remainingMs}), as from a client that sends none.
   *
   * @param remainingMs milliseconds left; positive
   * @param at the expected end time
   * @param confidence how far off the estimate is likely to be
   */
  public Eta(long remainingMs, Instant at, Confidence confidence) {
    this(remainingMs, at, confidence, remainingMs, remainingMs);
  }

  /** How much signal an estimate rests on. */
  public enum Confidence {
    /** Little progress and no history yet: treat as a rough guess. */
    LOW,
    /** Either steady live progress or history of earlier runs. */
    MEDIUM,
    /** Live progress that agrees with the history of earlier runs. */
    HIGH;

    /**
     * Returns the name used on the wire.
     *
     * @return {@code low}, {@code medium} or {@code high}
     */
    public String wireName() {
      return WireNames.of(this);
    }

    /**
     * Parses a wire name.
     *
     * @param wireName {@code low}, {@code medium} or {@code high}
     * @return the confidence
     * @throws IllegalArgumentException naming the value when unknown
     */
    public static Confidence fromWireName(String wireName) {
      return WireNames.parse(values(), wireName, "ETA confidence");
    }
  }
}
