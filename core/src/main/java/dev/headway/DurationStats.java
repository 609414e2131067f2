package dev.headway;

/**
 * How long a set of jobs or steps took. Percentiles come from a histogram whose buckets are at most 2% wide, so
 * they are within 2% of the exact value on every store; the mean is exact.
 *
 * @param count how many took part
 * @param meanMs the mean in milliseconds, or 0 when none took part
 * @param p50Ms the median in milliseconds, or 0 when none took part
 * @param p95Ms the 95th percentile in milliseconds, or 0 when none took part
 */
public record DurationStats(long count, long meanMs, long p50Ms, long p95Ms) {
  /** No durations at all. */
  public static final DurationStats NONE = new DurationStats(0, 0, 0, 0);
}
