package dev.headway.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract on the PostgreSQL named by HEADWAY_TEST_PG_URL (skipped without it, failing in CI). */
class PostgresJobStoreTest extends JdbcStoreContract {

  @RegisterExtension
  static final TestDatabase DATABASE = TestDatabase.postgres();

  @Override
  protected TestDatabase database() {
    return DATABASE;
  }
}
