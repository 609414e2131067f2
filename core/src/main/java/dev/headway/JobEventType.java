package dev.headway;

import dev.headway.internal.WireNames;

/** What happened to a job; the wire name is the lower-case form ({@code step_started}). */
public enum JobEventType {
  /** A job was created queued. */
  JOB_CREATED,
  /** A job started running (directly, or from the queue). */
  JOB_STARTED,
  /** A step started. */
  STEP_STARTED,
  /** Units, fraction, message, children, ETA or the stalled flag changed. */
  PROGRESS,
  /** A step completed. */
  STEP_COMPLETED,
  /** A step failed; the job may go on. */
  STEP_FAILED,
  /** A step was skipped. */
  STEP_SKIPPED,
  /** Someone asked to cancel the job; the worker has not acknowledged it yet. */
  CANCEL_REQUESTED,
  /** Terminal: the job completed. */
  JOB_COMPLETED,
  /** Terminal: the job failed. */
  JOB_FAILED,
  /** Terminal: the job was cancelled. */
  JOB_CANCELLED;

  /**
   * Returns whether this is the last event of a job.
   *
   * @return true for completed, failed and cancelled
   */
  public boolean isTerminal() {
    return this == JOB_COMPLETED || this == JOB_FAILED || this == JOB_CANCELLED;
  }

  /**
   * Returns the name used on the wire.
   *
   * @return for example {@code job_started}
   */
  public String wireName() {
    return WireNames.of(this);
  }

  /**
   * Parses a wire name.
   *
   * @param wireName for example {@code progress}
   * @return the event type
   * @throws IllegalArgumentException naming the value when it is not an event type
   */
  public static JobEventType fromWireName(String wireName) {
    return WireNames.parse(values(), wireName, "job event type");
  }

  /**
   * Returns the event that announces a job reaching a terminal status.
   *
   * @param status a terminal status
   * @return the matching terminal event type
   */
  public static JobEventType endedAs(JobStatus status) {
    switch (status) {
      case COMPLETED:
        return JOB_COMPLETED;
      case FAILED:
        return JOB_FAILED;
      case CANCELLED:
        return JOB_CANCELLED;
      default:
        throw new IllegalArgumentException(status + " is not terminal");
    }
  }
}
