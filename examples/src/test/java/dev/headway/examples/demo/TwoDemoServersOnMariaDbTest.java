package dev.headway.examples.demo;

/** Two demo servers on one MariaDB database, following each other's jobs through the polling bus. */
class TwoDemoServersOnMariaDbTest extends TwoDemoServersTest {
  @Override
  String urlVariable() {
    return "HEADWAY_TEST_MARIADB_URL";
  }
}
