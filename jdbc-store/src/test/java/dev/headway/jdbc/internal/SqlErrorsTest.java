package dev.headway.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * How failures are read, for each database's codes, including MySQL's, which no test here meets for real: a wrapped
 * failure is read through its cause chain.
 */
class SqlErrorsTest {

  private static RuntimeException wrapped(SQLException cause) {
    return new IllegalStateException("wrapped by the pool or by Jdbi", cause);
  }

  @Test
  void aDuplicateKeyIsAUniqueViolationOnEveryDatabase() {
    assertThat(SqlErrors.isUniqueViolation(wrapped(new SQLException("h2, postgresql", "23505")))).isTrue();
    assertThat(SqlErrors.isUniqueViolation(wrapped(new SQLException("Duplicate entry", "23000", 1062)))).isTrue();
  }

  @Test
  void otherIntegrityViolationsOfMariaDbAndMySqlAreNot() {
    assertThat(SqlErrors.isUniqueViolation(new SQLException("Column 'owner' cannot be null", "23000", 1048)))
        .isFalse();
    assertThat(SqlErrors.isUniqueViolation(new SQLException("no state", null, 1062))).isFalse();
  }

  @Test
  void aDeadlockVictimOrASerializationFailureWasRolledBack() {
    assertThat(SqlErrors.isRolledBack(wrapped(new SQLException("Deadlock found", "40001", 1213)))).isTrue();
    assertThat(SqlErrors.isRolledBack(wrapped(new SQLException("deadlock detected", "40P01")))).isTrue();
    assertThat(SqlErrors.isRolledBack(wrapped(new SQLException("Lock wait timeout", "HY000", 1205)))).isFalse();
    assertThat(SqlErrors.isRolledBack(new IllegalStateException("no SQL failure at all"))).isFalse();
  }
}
