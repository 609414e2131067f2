package dev.headway;

/**
 * Thrown when something tries to change a job that has already ended: a finished job never comes back to life.
 */
public class JobEndedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which job, and how it ended
   */
  public JobEndedException(String message) {
    super(message);
  }
}
