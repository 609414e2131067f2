package dev.headway.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The exclusive-key race between two stores on H2. */
class H2ExclusiveKeyRaceTest extends ExclusiveKeyRaceContract {

  @RegisterExtension
  static final TestDatabase DATABASE = TestDatabase.h2Memory();

  @Override
  protected TestDatabase database() {
    return DATABASE;
  }
}
