package dev.headway.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sweep of 10,000 dead jobs on the MariaDB named by HEADWAY_TEST_MARIADB_URL (skipped without it, failing in
 * CI).
 */
class MariaDbSweepAtScaleTest extends SweepAtScaleContract {

  @RegisterExtension
  static final TestDatabase DATABASE = TestDatabase.mariaDb();

  @Override
  protected TestDatabase database() {
    return DATABASE;
  }
}
