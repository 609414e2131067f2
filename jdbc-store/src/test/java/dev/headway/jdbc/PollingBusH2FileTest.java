package dev.headway.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The polling bus on one H2 file that two stores, each with a pool of its own, share. */
class PollingBusH2FileTest extends PollingBusContract {
  @RegisterExtension
  static final TestDatabase db = TestDatabase.h2File();

  @Override
  protected TestDatabase database() {
    return db;
  }
}
