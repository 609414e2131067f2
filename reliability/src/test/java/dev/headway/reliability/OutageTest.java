package dev.headway.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headway.JobSnapshot;
import dev.headway.JobStatus;
import dev.headway.jdbc.JdbcJobStore;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A real database outage under two live worker nodes: their connections to PostgreSQL run through a {@link TcpProxy}
 * that is cut for longer than staleAfter while they keep completing jobs, then restored. Since both nodes lived
 * throughout, no completion may be lost (an acknowledged one, or one whose call said it was queued), no job may be
 * swept, and no status call may take longer than statusWriteTimeout and a small margin.
 */
class OutageTest {
  private static final Duration HEARTBEAT = Duration.ofMillis(200);
  private static final Duration STALE_AFTER = Duration.ofSeconds(1);
  private static final Duration STATUS_WRITE_TIMEOUT = Duration.ofSeconds(1);
  /** What a status call may take beyond statusWriteTimeout: the last attempt's own round trip. */
  private static final Duration CALL_SLACK = Duration.ofMillis(500);
  private static final Duration STARTUP = Duration.ofSeconds(60);
  private static final int COMPLETIONS_AROUND_THE_OUTAGE = 3;

  @Test
  @Timeout(180)
  void anOutageOfThreeTimesStaleAfterLosesNoCompletion() throws Exception {
    runOutage("outage " + STALE_AFTER.multipliedBy(3).toSeconds() + " s, two nodes", STALE_AFTER.multipliedBy(3));
  }

  @Test
  @Timeout(300)
  @EnabledIfSystemProperty(named = "headway.soak", matches = "true")
  void aThirtySecondOutageLosesNoCompletion() throws Exception {
    runOutage("outage 30 s, two nodes", Duration.ofSeconds(30));
  }

  @Test
  @Timeout(900)
  @EnabledIfSystemProperty(named = "headway.soak", matches = "true")
  void aFiveMinuteOutageLosesNoCompletion() throws Exception {
    runOutage("outage 5 min, two nodes", Duration.ofMinutes(5));
  }

  private void runOutage(String fault, Duration outage) throws InterruptedException, SQLException {
    String url = TestDatabases.postgresUrl();
    String prefix = TestDatabases.newPrefix();
    InetSocketAddress database = TestDatabases.postgresAddress(url);
    FaultReport report = new FaultReport(fault);
    report.declare("completions", "queuedCompletions", "lost", "sweptWhileAlive", "callsOverTimeout",
        "longestCallMs");
    List<WorkerProcess> workers = new ArrayList<>();
    // The schema exists before the workers start, so the outage hits their work, not their start.
    try (JdbcJobStore store = TestDatabases.openStore(url, prefix);
        TcpProxy proxy = new TcpProxy(database.getHostString(), database.getPort())) {
      String proxied = TestDatabases.throughLocalPort(url, proxy.port());
      for (String node : List.of("node-a", "node-b")) {
        workers.add(WorkerProcess.launch(new WorkerSettings(proxied, prefix, node, HEARTBEAT, STALE_AFTER,
            STATUS_WRITE_TIMEOUT, 0, WorkerSettings.WorkerMode.STEADY, 0)));
      }
      for (WorkerProcess worker : workers) {
        worker.awaitSignal(WorkerLine.READY, STARTUP);
        worker.awaitLines(COMPLETIONS_AROUND_THE_OUTAGE, OutageTest::isCompletion, STARTUP);
      }
      proxy.cut();
      Map<WorkerProcess, Long> completionsBefore = new HashMap<>();
      workers.forEach(w -> completionsBefore.put(w, w.lines().stream().filter(OutageTest::isCompletion).count()));
      // The outage lasts its full length unless a worker dies, which would end the test at once.
      boolean workerDied = Await.within(outage, () -> workers.stream().anyMatch(w -> !w.isAlive()));
      proxy.restore();
      assertThat(workerDied).as("a worker JVM died during the outage").isFalse();
      for (WorkerProcess worker : workers) {
        worker.awaitLines((int) (completionsBefore.get(worker) + COMPLETIONS_AROUND_THE_OUTAGE),
            OutageTest::isCompletion, outage.plus(STARTUP));
        worker.send("stop");
      }
      for (WorkerProcess worker : workers) {
        assertThat(worker.awaitExit(outage.plus(STARTUP))).as("%s exits after stop", worker.settings().nodeId())
            .isTrue();
      }
      count(store, workers, report);
    } finally {
      workers.forEach(WorkerProcess::close);
      TestDatabases.dropTables(url, prefix);
    }
    report.printAndAssertZero("lost", "sweptWhileAlive", "callsOverTimeout");
  }

  private static boolean isCompletion(WorkerLine line) {
    return line.isAnswer() && line.call().equals("complete");
  }

  private static void count(JdbcJobStore store, List<WorkerProcess> workers, FaultReport report) {
    Set<String> mustBeCompleted = new HashSet<>();
    Set<String> started = new HashSet<>();
    for (WorkerProcess worker : workers) {
      for (WorkerLine line : worker.lines()) {
        if (!line.isAnswer()) {
          continue;
        }
        report.max("longestCallMs", line.millis());
        if (line.millis() > STATUS_WRITE_TIMEOUT.plus(CALL_SLACK).toMillis()) {
          report.add("callsOverTimeout", 1);
        }
        if (line.call().equals("start") && line.kind().equals(WorkerLine.ACK)) {
          started.add(line.jobId());
        }
        if (line.call().equals("complete") && (line.kind().equals(WorkerLine.ACK) || line.queued())) {
          mustBeCompleted.add(line.jobId());
          report.add(line.queued() ? "queuedCompletions" : "completions", 1);
        }
      }
    }
    for (JobSnapshot job : store.findAll(started)) {
      if (StoredJobs.wasSwept(job)) {
        report.add("sweptWhileAlive", 1);
      }
      if (mustBeCompleted.remove(job.id()) && job.status() != JobStatus.COMPLETED) {
        report.add("lost", 1);
      }
    }
    // Completions whose job has no row at all.
    report.add("lost", mustBeCompleted.size());
  }
}
