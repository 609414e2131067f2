package dev.headway;

import dev.headway.internal.WireNames;

/**
 * The life of one step: {@code PENDING → RUNNING → COMPLETED | FAILED | SKIPPED}, or {@code PENDING → SKIPPED}.
 *
 * <p>A pending step may also complete or fail directly (work reported without an explicit start). A running step
 * becomes skipped when its job is cancelled while it runs.
 */
public enum StepStatus {
  /** Not started yet. */
  PENDING,
  /** In progress. */
  RUNNING,
  /** Done. */
  COMPLETED,
  /** Ended with an error; the job may go on with its other steps. */
  FAILED,
  /** Not run (or abandoned when the job was cancelled); counts as finished for the job's percent. */
  SKIPPED;

  /**
   * Returns whether this step status is final.
   *
   * @return true for completed, failed and skipped
   */
  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == SKIPPED;
  }

  /**
   * Returns whether a step may move from this status to {@code next}.
   *
   * @param next the status to move to
   * @return true when legal
   */
  public boolean canMoveTo(StepStatus next) {
    switch (this) {
      case PENDING:
        return next != PENDING;
      case RUNNING:
        return next.isTerminal();
      default:
        return false;
    }
  }

  /**
   * Checks a move and returns the new status.
   *
   * @param step the step's name, for the error message
   * @param next the status to move to
   * @return {@code next}
   * @throws IllegalStateException naming the step and both states when the move is illegal
   */
  public StepStatus moveTo(String step, StepStatus next) {
    if (!canMoveTo(next)) {
      throw new IllegalStateException("step '" + step + "' is " + wireName() + "; it cannot become " + next.wireName());
    }
    return next;
  }

  /**
   * Returns the name used on the wire (lower case).
   *
   * @return for example {@code skipped}
   */
  public String wireName() {
    return WireNames.of(this);
  }

  /**
   * Parses a wire name.
   *
   * @param wireName for example {@code running}
   * @return the status
   * @throws IllegalArgumentException naming the value when it is not a step status
   */
  public static StepStatus fromWireName(String wireName) {
    return WireNames.parse(values(), wireName, "step status");
  }
}
