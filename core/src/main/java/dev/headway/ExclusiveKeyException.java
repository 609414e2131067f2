package dev.headway;

/**
 * Thrown when a job is started with an exclusive key that an active job already holds.
 *
 * <p>It carries the active job's id so the caller can attach to that job instead of showing an error.
 */
public class ExclusiveKeyException extends HeadwayException {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final String activeJobId;

  /**
   * Creates the exception.
   *
   * @param key the exclusive key
   * @param activeJobId the id of the job that holds it
   */
  public ExclusiveKeyException(String key, String activeJobId) {
    super("exclusive key '" + key + "' is held by active job " + activeJobId);
    this.key = key;
    this.activeJobId = activeJobId;
  }

  /**
   * Returns the contested key.
   *
   * @return the key
   */
  public String key() {
    return key;
  }

  /**
   * Returns the id of the active job that holds the key.
   *
   * @return the job id
   */
  public String activeJobId() {
    return activeJobId;
  }
}
