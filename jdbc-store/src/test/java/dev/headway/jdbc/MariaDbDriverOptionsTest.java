package dev.headway.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store contract on MariaDB through a driver set up the other way round (skipped without
 * HEADWAY_TEST_MARIADB_URL, failing in CI): batches sent in bulk, which leaves each write's count unknown, and counts
 * of changed rather than matched rows.
 */
class MariaDbDriverOptionsTest extends JdbcStoreContract {

  @RegisterExtension
  static final TestDatabase DATABASE = TestDatabase.mariaDb("useBulkStmts=true&useAffectedRows=true");

  @Override
  protected TestDatabase database() {
    return DATABASE;
  }
}
