package dev.headway.jdbc.internal;

import dev.headway.jdbc.JdbcStoreException;
import java.sql.SQLException;

/** Reads what a database failure means, and turns one into a {@link JdbcStoreException}. */
public final class SqlErrors {
  /** The SQLSTATE of a unique constraint violation; H2 and PostgreSQL both use the standard code. */
  private static final String UNIQUE_VIOLATION = "23505";

  private SqlErrors() {}

  /**
   * Returns whether a failure is a unique constraint violation.
   *
   * @param failure what a statement threw
   * @return true when a {@link SQLException} in its cause chain has SQLSTATE 23505
   */
  public static boolean isUniqueViolation(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the exception to throw when an operation failed in the database.
   *
   * @param operation what the store was doing, for example {@code insert job abc}
   * @param failure what the database or the pool threw
   * @return an exception naming the operation and the database's own message, with the failure as its cause
   */
  public static JdbcStoreException failed(String operation, Throwable failure) {
    return new JdbcStoreException("could not " + operation + ": " + deepestMessage(failure), failure);
  }

  /** The driver's message is the informative one; Jdbi's and the pool's wrappers only repeat or hide it. */
  private static String deepestMessage(Throwable failure) {
    String message = failure.toString();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    return message;
  }
}
