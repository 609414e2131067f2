package dev.headway.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The sweep of 10,000 dead jobs on an H2 file. */
class H2FileSweepAtScaleTest extends SweepAtScaleContract {

  @RegisterExtension
  static final TestDatabase DATABASE = TestDatabase.h2File();

  @Override
  protected TestDatabase database() {
    return DATABASE;
  }
}
