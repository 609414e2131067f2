package dev.headway.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract on H2 in a file under target/, as an application would keep it. */
class H2FileJobStoreTest extends JdbcStoreContract {

  @RegisterExtension
  static final TestDatabase DATABASE = TestDatabase.h2File();

  @Override
  protected TestDatabase database() {
    return DATABASE;
  }
}
