package dev.headway;

/** The base of Headway's own exceptions. */
public class HeadwayException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what went wrong
   */
  public HeadwayException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a cause.
   *
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public HeadwayException(String message, Throwable cause) {
    super(message, cause);
  }
}
