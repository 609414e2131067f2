package dev.headway;

import dev.headway.internal.WireNames;

/**
 * The life of a job: {@code QUEUED → RUNNING → COMPLETED | FAILED | CANCELLED}.
 *
 * <p>The legal moves live here and nowhere else. Terminal states are final: a finished job never comes back.
 * A queued job may also end directly (cancelled before it ran, or failed to start).
 */
public enum JobStatus {
  /** Created, waiting for a worker to start it. */
  QUEUED,
  /** A worker is running it. */
  RUNNING,
  /** Ended successfully. */
  COMPLETED,
  /** Ended with an error. */
  FAILED,
  /** Ended because someone asked to cancel it. */
  CANCELLED;

  /**
   * Returns whether this status is final.
   *
   * @return true for {@link #COMPLETED}, {@link #FAILED} and {@link #CANCELLED}
   */
  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }

  /**
   * Returns whether a job may move from this status to {@code next}.
   *
   * @param next the status to move to
   * @return true when the move is legal
   */
  public boolean canMoveTo(JobStatus next) {
    switch (this) {
      case QUEUED:
        return next == RUNNING || next == FAILED || next == CANCELLED;
      case RUNNING:
        return next.isTerminal();
      default:
        return false;
    }
  }

  /**
   * Checks a move and returns the new status.
   *
   * @param next the status to move to
   * @return {@code next}
   * @throws JobEndedException if this status is terminal
   * @throws IllegalStateException if the move is otherwise illegal
   */
  public JobStatus moveTo(JobStatus next) {
    if (!canMoveTo(next)) {
      if (isTerminal()) {
        throw new JobEndedException("the job has already ended as " + wireName() + "; it cannot become " + next.wireName());
      }
      throw new IllegalStateException("a " + wireName() + " job cannot become " + next.wireName());
    }
    return next;
  }

  /**
   * Returns the name used on the wire (lower case).
   *
   * @return for example {@code running}
   */
  public String wireName() {
    return WireNames.of(this);
  }

  /**
   * Parses a wire name.
   *
   * @param wireName for example {@code running}
   * @return the status
   * @throws IllegalArgumentException naming the value when it is not a status
   */
  public static JobStatus fromWireName(String wireName) {
    return WireNames.parse(values(), wireName, "job status");
  }
}
