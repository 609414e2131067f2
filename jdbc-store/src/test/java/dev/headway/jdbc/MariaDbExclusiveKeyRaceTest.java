package dev.headway.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The exclusive-key race between two stores on MariaDB (skipped without HEADWAY_TEST_MARIADB_URL, failing in CI). */
class MariaDbExclusiveKeyRaceTest extends ExclusiveKeyRaceContract {

  @RegisterExtension
  static final TestDatabase DATABASE = TestDatabase.mariaDb();

  @Override
  protected TestDatabase database() {
    return DATABASE;
  }
}
