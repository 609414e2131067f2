package dev.headway;

/** Thrown when an operation names a job id that the tracker and its store do not know. */
public class JobNotFoundException extends HeadwayException {
  private static final long serialVersionUID = 1L;

  private final String jobId;

  /**
   * Creates the exception.
   *
   * @param jobId the unknown id
   */
  public JobNotFoundException(String jobId) {
    super("no job with id '" + jobId + "'");
    this.jobId = jobId;
  }

  /**
   * Returns the id that was not found.
   *
   * @return the id
   */
  public String jobId() {
    return jobId;
  }
}
