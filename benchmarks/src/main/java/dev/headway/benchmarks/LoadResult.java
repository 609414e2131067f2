package dev.headway.benchmarks;

/**
 * The figures of one load run: what the workers saw and what the database was sent.
 *
 * @param database where: "memory", "H2 file", "PostgreSQL"
 * @param run which: Headway flat out or paced, or the write-through baseline
 * @param jobs the jobs updated
 * @param target the updates asked for (jobs × updates per job)
 * @param outcome what the workers did
 * @param phaseNanos the measured window: the workers' time, for Headway plus the final flush
 * @param flushIntervalNanos the tracker's flush interval, or 0 for the baseline
 * @param counts what the database was sent in the window, or null for the in-memory store
 * @param note anything else worth a line (durability check, budget)
 */
record LoadResult(String database, String run, int jobs, long target, Workers.Outcome outcome, long phaseNanos,
    long flushIntervalNanos, StatementCounter.Counts counts, String note) {

  /** Updates per second as the workers saw them: all updates over the workers' wall time. */
  double updatesPerSecond() {
    return outcome.updates() / seconds(outcome.wallNanos());
  }

  /** What one update cost a worker thread, waits for the next paced round excluded. */
  double busyNanosPerUpdate() {
    return outcome.updates() == 0 ? 0 : (double) outcome.busyNanos() / outcome.updates();
  }

  /** Flush intervals elapsed in the window, rounded up. */
  long intervals() {
    return flushIntervalNanos == 0 ? 0 : (phaseNanos + flushIntervalNanos - 1) / flushIntervalNanos;
  }

  /** Rows the database updated per second of the window. */
  double writesPerSecond() {
    return counts == null ? 0 : counts.rowsUpdated() / seconds(phaseNanos);
  }

  /** The time all {@link #target} updates take: measured when the workers finished, else projected at their rate. */
  double fullRunSeconds() {
    return outcome.finished() ? seconds(outcome.wallNanos()) : target / updatesPerSecond();
  }

  private static double seconds(long nanos) {
    return Math.max(nanos, 1) / 1e9;
  }
}
