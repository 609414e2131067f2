package dev.headway.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The exclusive-key race between two stores on PostgreSQL (skipped without HEADWAY_TEST_PG_URL, failing in CI). */
class PostgresExclusiveKeyRaceTest extends ExclusiveKeyRaceContract {

  @RegisterExtension
  static final TestDatabase DATABASE = TestDatabase.postgres();

  @Override
  protected TestDatabase database() {
    return DATABASE;
  }
}
