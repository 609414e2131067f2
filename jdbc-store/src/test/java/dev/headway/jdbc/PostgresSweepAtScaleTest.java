package dev.headway.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The sweep of 10,000 dead jobs on the PostgreSQL named by HEADWAY_TEST_PG_URL (skipped without it, failing in CI). */
class PostgresSweepAtScaleTest extends SweepAtScaleContract {

  @RegisterExtension
  static final TestDatabase DATABASE = TestDatabase.postgres();

  @Override
  protected TestDatabase database() {
    return DATABASE;
  }
}
