package dev.headway.spi;

import dev.headway.DurationStats;

/**
 * Counts durations in buckets at most 2% wide, so a store can answer percentiles from a {@code GROUP BY} of a
 * bucket number it wrote with each job, without reading every duration. Durations below 64 ms each have a bucket of
 * their own. Not thread-safe.
 */
public final class DurationHistogram {
  private static final int EXACT = 64;
  private static final double LOG_WIDTH = Math.log(1.02);
  /** More buckets than durations up to 10^15 ms need. */
  private static final int BUCKETS = EXACT + (int) Math.ceil(Math.log(1e15 / EXACT) / LOG_WIDTH) + 1;

  private final long[] counts = new long[BUCKETS];
  private long count;
  private long sumMs;

  /**
   * Returns the bucket of a duration.
   *
   * @param ms a duration in milliseconds; below 0 counts as 0
   * @return the bucket, 0 or more
   */
  public static int bucketOf(long ms) {
    if (ms < EXACT) {
      return (int) Math.max(0, ms);
    }
    return Math.min(BUCKETS - 1, EXACT + (int) (Math.log((double) ms / EXACT) / LOG_WIDTH));
  }

  /** Returns the duration a bucket stands for: itself below 64 ms, else the middle of the bucket. */
  static long valueOf(int bucket) {
    if (bucket < EXACT) {
      return bucket;
    }
    return Math.round(EXACT * Math.exp((bucket - EXACT + 0.5) * LOG_WIDTH));
  }

  /**
   * Adds durations that fell into one bucket.
   *
   * @param bucket the bucket, as {@link #bucketOf} gave it
   * @param n how many durations
   * @param totalMs their sum in milliseconds, for the exact mean
   * @throws IllegalArgumentException if the bucket or the count is out of range
   */
  public void add(int bucket, long n, long totalMs) {
    if (bucket < 0 || bucket >= BUCKETS) {
      throw new IllegalArgumentException("bucket must be within 0–" + (BUCKETS - 1) + ", was " + bucket);
    }
    if (n < 0) {
      throw new IllegalArgumentException("count must be >= 0, was " + n);
    }
    counts[bucket] += n;
    count += n;
    sumMs += totalMs;
  }

  /**
   * Adds one duration.
   *
   * @param ms the duration in milliseconds
   */
  public void add(long ms) {
    add(bucketOf(ms), 1, Math.max(0, ms));
  }

  /**
   * Returns the count, mean and percentiles of what was added.
   *
   * @return the figures, {@link DurationStats#NONE} when nothing was added
   */
  public DurationStats stats() {
    if (count == 0) {
      return DurationStats.NONE;
    }
    return new DurationStats(count, Math.round((double) sumMs / count), percentile(0.50), percentile(0.95));
  }

  /** The nearest-rank percentile: the smallest value with at least {@code q} of the durations at or below it. */
  private long percentile(double q) {
    long rank = Math.max(1, (long) Math.ceil(q * count));
    long seen = 0;
    for (int b = 0; b < BUCKETS; b++) {
      seen += counts[b];
      if (seen >= rank) {
        return valueOf(b);
      }
    }
    throw new AssertionError("rank " + rank + " beyond " + count);
  }
}
