package dev.headway.jdbc.internal;

import dev.headway.jdbc.JdbcStoreException;
import java.sql.SQLException;

/** Reads what a database failure means, and turns one into a {@link JdbcStoreException}. */
public final class SqlErrors {
  /** The SQLSTATE of a unique constraint violation; H2 and PostgreSQL both use the standard code. */
  private static final String UNIQUE_VIOLATION = "23505";

  /**
   * MariaDB and MySQL report any integrity violation as SQLSTATE 23000 (a missing NOT NULL value too) and tell a
   * duplicate key by the error code: ER_DUP_ENTRY.
   */
  private static final String MYSQL_INTEGRITY_VIOLATION = "23000";

  private static final int MYSQL_DUPLICATE_ENTRY = 1062;

  /** The SQLSTATE class of a transaction the database rolled back: a deadlock's victim, a serialization failure. */
  private static final String TRANSACTION_ROLLBACK = "40";

  private SqlErrors() {}

  /**
   * Returns whether a failure is a unique constraint violation.
   *
   * @param failure what a statement threw
   * @return true when a {@link SQLException} in its cause chain has SQLSTATE 23505, or is MariaDB's or MySQL's
   *     duplicate entry
   */
  public static boolean isUniqueViolation(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && (UNIQUE_VIOLATION.equals(sql.getSQLState())
          || MYSQL_INTEGRITY_VIOLATION.equals(sql.getSQLState()) && sql.getErrorCode() == MYSQL_DUPLICATE_ENTRY)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns whether the database rolled a statement's transaction back to break a deadlock or a serialization
   * conflict, so that it may simply run again.
   *
   * @param failure what a statement threw
   * @return true when a {@link SQLException} in its cause chain has an SQLSTATE of class 40, transaction rollback
   */
  public static boolean isRolledBack(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null
          && sql.getSQLState().startsWith(TRANSACTION_ROLLBACK)) {
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
