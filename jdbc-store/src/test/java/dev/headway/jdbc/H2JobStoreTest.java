package dev.headway.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract on H2 in memory. */
class H2JobStoreTest extends JdbcStoreContract {

  @RegisterExtension
  static final TestDatabase DATABASE = TestDatabase.h2Memory();

  @Override
  protected TestDatabase database() {
    return DATABASE;
  }
}
