package dev.headway.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract on the MariaDB named by HEADWAY_TEST_MARIADB_URL (skipped without it, failing in CI). */
class MariaDbJobStoreTest extends JdbcStoreContract {

  @RegisterExtension
  static final TestDatabase DATABASE = TestDatabase.mariaDb();

  @Override
  protected TestDatabase database() {
    return DATABASE;
  }
}
