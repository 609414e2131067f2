package dev.headway.jdbc;

import dev.headway.HeadwayException;

/**
 * Thrown when the database fails a {@link JdbcJobStore} operation, or when the database cannot serve as a store at
 * all (unsupported product, missing or outdated schema). The message says what the store was doing; the cause is
 * the driver's exception, when there is one.
 */
public class JdbcStoreException extends HeadwayException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what went wrong
   */
  public JdbcStoreException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a cause.
   *
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public JdbcStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
