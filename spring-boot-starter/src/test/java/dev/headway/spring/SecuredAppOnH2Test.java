package dev.headway.spring;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The secured app on an H2 database in memory. */
class SecuredAppOnH2Test extends SecuredAppContract {
  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    tables(registry, "jdbc:h2:mem:secured;DB_CLOSE_DELAY=-1");
  }
}
