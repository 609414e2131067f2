package dev.headway.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Schema creation and checks on PostgreSQL (skipped without HEADWAY_TEST_PG_URL, failing in CI). */
class PostgresSchemaTest extends SchemaContract {

  @RegisterExtension
  static final TestDatabase DATABASE = TestDatabase.postgres();

  @Override
  protected TestDatabase database() {
    return DATABASE;
  }
}
