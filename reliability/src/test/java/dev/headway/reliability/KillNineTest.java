package dev.headway.reliability;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code kill -9} of worker JVMs at random moments, on an H2 file and on PostgreSQL: every acknowledged terminal
 * state is in the store afterwards, the database opens again, no exclusive key is held by two active jobs, and the
 * dead node's jobs are ended by another node's sweeper within staleAfter + one heartbeat.
 */
class KillNineTest {
  private static final String[] MUST_BE_ZERO =
      {"lost", "overwritten", "keysHeldTwice", "unopenable", "lateSweeps"};

  @Test
  @Timeout(600)
  void acknowledgedEndsSurviveKillNineOnAnH2File() throws Exception {
    FaultReport report = new FaultReport("kill -9 on an H2 file");
    TestDatabases.H2File file = TestDatabases.newH2File("kill-nine");
    try {
      new KillNineRounds(file.url(), TestDatabases.newPrefix(), report, Soak.random("kill -9 H2"))
          .run(Soak.choose(4, 25));
    } finally {
      file.delete();
    }
    report.printAndAssertZero(MUST_BE_ZERO);
  }

  @Test
  @Timeout(600)
  void acknowledgedEndsSurviveKillNineOnPostgres() throws InterruptedException, SQLException {
    String url = TestDatabases.postgresUrl();
    String prefix = TestDatabases.newPrefix();
    FaultReport report = new FaultReport("kill -9 on PostgreSQL");
    try {
      new KillNineRounds(url, prefix, report, Soak.random("kill -9 PostgreSQL")).run(Soak.choose(4, 25));
    } finally {
      TestDatabases.dropTables(url, prefix);
    }
    report.printAndAssertZero(MUST_BE_ZERO);
  }
}
