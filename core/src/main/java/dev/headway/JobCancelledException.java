package dev.headway;

/**
 * Thrown by {@link Job#checkpoint()} when someone asked to cancel the job.
 *
 * <p>Let it propagate out of the worker: closing the {@link Job} handle then ends the job {@code CANCELLED}.
 */
public class JobCancelledException extends HeadwayException {
  private static final long serialVersionUID = 1L;

  private final String jobId;
  private final String reason;

  /**
   * Creates the exception.
   *
   * @param jobId the cancelled job
   * @param reason why it was cancelled, or null
   */
  public JobCancelledException(String jobId, String reason) {
    super("job " + jobId + " was cancelled" + (reason == null ? "" : ": " + reason));
    this.jobId = jobId;
    this.reason = reason;
  }

  /**
   * Returns the cancelled job's id.
   *
   * @return the id
   */
  public String jobId() {
    return jobId;
  }

  /**
   * Returns why the job was cancelled.
   *
   * @return the reason given to {@link ProgressTracker#cancel}, or null
   */
  public String reason() {
    return reason;
  }
}
