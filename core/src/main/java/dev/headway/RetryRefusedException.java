package dev.headway;

import java.util.Objects;

/** Thrown by {@link ProgressTracker#retry} when the job cannot be retried now; the reason says why. */
public final class RetryRefusedException extends HeadwayException {
  private static final long serialVersionUID = 1L;

  /** Why a retry was refused. */
  public enum Reason {
    /** The job is still queued or running. */
    ACTIVE,
    /** The job completed; only failed and cancelled jobs are retried. */
    COMPLETED,
    /** No retry handler is registered for the job's type. */
    NO_HANDLER,
    /** Another active job, not a retry of this one, holds the job's exclusive key. */
    KEY_BUSY,
    /** The job's bulk parent is active but takes no more children (it is sealed). */
    PARENT_CLOSED
  }

  private final transient Reason reason;
  private final String jobId;

  /**
   * Creates the exception.
   *
   * @param reason why
   * @param jobId the job that was to be retried
   * @param message the message
   */
  public RetryRefusedException(Reason reason, String jobId, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.jobId = jobId;
  }

  /**
   * Returns why the retry was refused.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }

  /**
   * Returns the job that was to be retried.
   *
   * @return its id
   */
  public String jobId() {
    return jobId;
  }
}
