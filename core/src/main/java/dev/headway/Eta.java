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
 *     {@code remainingMs} (the default estimator's range held the true end in 78–85% of its trace suite's samples)
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

  /**
   * How far off an estimate is likely to be, from its own track record: how far its earlier forecasts of this job's
   * progress missed, how far its models disagree, how far ahead it reaches, and how much earlier runs varied. The
   * meanings below are what the default estimator measured on its trace suite (11 shapes of job, with and without
   * history; see BENCHMARKS.md, "ETA accuracy"), sampled at each 1% of each job's time; a shape of job unlike any
   * there (a stall that nothing foretells, a step far slower than its weight without history) can be off more.
   */
  public enum Confidence {
    /** A rough guess: within ±50% of the true time left in about two thirds of cases (64% measured). */
    LOW,
    /** Within ±50% of the true time left in at least 80% of cases (91% measured; within ±25% in 80%). */
    MEDIUM,
    /** Within ±25% of the true time left in at least 90% of cases (92% measured; within ±50% in 96%). */
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
