package dev.headway.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Schema creation and checks on H2. */
class H2SchemaTest extends SchemaContract {

  @RegisterExtension
  static final TestDatabase DATABASE = TestDatabase.h2Memory();

  @Override
  protected TestDatabase database() {
    return DATABASE;
  }
}
