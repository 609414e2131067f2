package dev.headway.examples.demo;

/** Two demo servers on one PostgreSQL database. */
class TwoDemoServersOnPostgresTest extends TwoDemoServersTest {
  @Override
  String urlVariable() {
    return "HEADWAY_TEST_PG_URL";
  }
}
