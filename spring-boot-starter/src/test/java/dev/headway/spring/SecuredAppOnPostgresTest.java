package dev.headway.spring;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The secured app on PostgreSQL: runs where {@code HEADWAY_TEST_PG_URL} names a database, as CI always does (and then
 * fails if it cannot reach it); skipped elsewhere.
 */
@EnabledIfEnvironmentVariable(named = "HEADWAY_TEST_PG_URL", matches = ".+",
    disabledReason = "set HEADWAY_TEST_PG_URL, e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres")
class SecuredAppOnPostgresTest extends SecuredAppContract {
  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    tables(registry, System.getenv("HEADWAY_TEST_PG_URL"));
  }
}
