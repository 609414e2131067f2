package dev.headway.reliability;

import dev.headway.jdbc.JdbcJobStore;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code kill -9} of a worker while it creates a new H2 file's schema: whatever moment the kill hits, the next store
 * opens the file. The kill comes a random 0–300 ms after the file appears, which is while the worker's store runs
 * its schema scripts (or, in some rounds, just after).
 */
class KillDuringSchemaCreationTest {
  private static final Duration STARTUP = Duration.ofSeconds(60);
  private static final long MAX_KILL_DELAY_NANOS = Duration.ofMillis(300).toNanos();

  @Test
  @Timeout(600)
  void anH2FileKilledDuringItsFirstSchemaCreationOpensAgain() throws Exception {
    FaultReport report = new FaultReport("kill -9 during H2 schema creation");
    report.declare("kills", "killedBeforeReady", "unopenable");
    Random random = Soak.random("kill -9 during schema creation");
    for (int round = 0; round < Soak.choose(6, 30); round++) {
      TestDatabases.H2File file = TestDatabases.newH2File("schema");
      String prefix = TestDatabases.newPrefix();
      try {
        try (WorkerProcess worker = WorkerProcess.launch(
            KillNineRounds.churningWorker(file.url(), prefix, "schema-" + round, random.nextLong()))) {
          KillMoment moment = new KillMoment(random.nextLong(MAX_KILL_DELAY_NANOS + 1));
          Await.until("the database file, or the worker ready", STARTUP,
              () -> worker.printed(WorkerLine.READY) || moment.reached(Files.exists(file.dataFile())));
          if (worker.kill()) {
            report.add("kills", 1);
          }
          if (!worker.printed(WorkerLine.READY)) {
            report.add("killedBeforeReady", 1);
          }
        }
        try (JdbcJobStore store = TestDatabases.openStore(file.url(), prefix)) {
          store.find("no-such-job");
        } catch (RuntimeException e) {
          report.add("unopenable", 1);
          System.out.println("round " + round + ": the H2 file did not open after the kill: " + e);
        }
      } finally {
        file.delete();
      }
    }
    report.printAndAssertZero("unopenable");
  }

  /** The moment to kill: a given delay after the database file first appears. */
  private static final class KillMoment {
    private final long delayNanos;
    private long fileSeenAt;

    KillMoment(long delayNanos) {
      this.delayNanos = delayNanos;
    }

    boolean reached(boolean fileExists) {
      if (!fileExists) {
        return false;
      }
      if (fileSeenAt == 0) {
        fileSeenAt = System.nanoTime();
      }
      return System.nanoTime() - fileSeenAt >= delayNanos;
    }
  }
}
