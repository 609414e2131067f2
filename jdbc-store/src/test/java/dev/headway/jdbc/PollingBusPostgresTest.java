package dev.headway.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The polling bus on PostgreSQL, which has a bus of its own: for the side-by-side measurement. */
class PollingBusPostgresTest extends PollingBusContract {
  @RegisterExtension
  static final TestDatabase db = TestDatabase.postgres();

  @Override
  protected TestDatabase database() {
    return db;
  }
}
