package dev.headway.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The polling bus on MariaDB, which has no LISTEN/NOTIFY. */
class PollingBusMariaDbTest extends PollingBusContract {
  @RegisterExtension
  static final TestDatabase db = TestDatabase.mariaDb();

  @Override
  protected TestDatabase database() {
    return db;
  }
}
