package dev.headway.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Schema creation and checks on MariaDB (skipped without HEADWAY_TEST_MARIADB_URL, failing in CI). */
class MariaDbSchemaTest extends SchemaContract {

  @RegisterExtension
  static final TestDatabase DATABASE = TestDatabase.mariaDb();

  @Override
  protected TestDatabase database() {
    return DATABASE;
  }
}
