package dev.headway;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Numbers about the jobs that ended in a period ({@link ProgressTracker#stats}): how many ended how, how long they
 * took, and how each step went.
 *
 * @param since the start of the period: jobs that ended at or after it count
 * @param completed how many completed
 * @param failed how many failed
 * @param cancelled how many were cancelled
 * @param duration how long the completed jobs took, from start to end
 * @param steps how each step went, by name, in alphabetical order
 */
public record JobStats(Instant since, long completed, long failed, long cancelled, DurationStats duration,
    List<StepStats> steps) {

  /** Checks the fields and freezes the list. */
  public JobStats {
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(duration, "duration");
    steps = steps == null ? List.of() : List.copyOf(steps);
  }

  /**
   * Returns how many jobs ended in the period.
   *
   * @return completed, failed and cancelled together
   */
  public long ended() {
    return completed + failed + cancelled;
  }

  /**
   * Returns the share of ended jobs that failed.
   *
   * @return 0–1; 0 when none ended
   */
  public double failureRate() {
    return ended() == 0 ? 0 : (double) failed / ended();
  }

  /**
   * Returns the share of ended jobs that were cancelled.
   *
   * @return 0–1; 0 when none ended
   */
  public double cancellationRate() {
    return ended() == 0 ? 0 : (double) cancelled / ended();
  }
}
