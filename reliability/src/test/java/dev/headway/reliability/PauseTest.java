package dev.headway.reliability;

import dev.headway.ExclusiveKeyException;
import dev.headway.Job;
import dev.headway.JobSnapshot;
import dev.headway.JobSpec;
import dev.headway.JobStatus;
import dev.headway.ProgressTracker;
import dev.headway.jdbc.JdbcJobStore;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A node frozen past staleAfter (SIGSTOP, as in a long GC pause or a suspended VM) while another node sweeps its
 * jobs and starts new ones with the same exclusive keys, then resumed (SIGCONT): the swept jobs stay FAILED, no key
 * is held by two active jobs, and the resumed node's status calls are refused, not acknowledged.
 */
class PauseTest {
  private static final Duration HEARTBEAT = Duration.ofMillis(200);
  private static final Duration STALE_AFTER = Duration.ofSeconds(1);
  private static final Duration STATUS_WRITE_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration STARTUP = Duration.ofSeconds(60);
  private static final Duration CALLS = Duration.ofSeconds(60);
  private static final int JOBS = 12;

  @Test
  @Timeout(240)
  void aResumedNodeCannotOverwriteWhatAnotherNodeSwept() throws Exception {
    String url = TestDatabases.postgresUrl();
    String prefix = TestDatabases.newPrefix();
    FaultReport report = new FaultReport("SIGSTOP past staleAfter, then SIGCONT");
    report.declare("pauses", "swept", "notSwept", "successorsRefused", "acknowledgedAfterResume", "overwritten",
        "keysHeldTwice", "longestSweepMs");
    try (JdbcJobStore store = TestDatabases.openStore(url, prefix);
        ProgressTracker other = ProgressTracker.builder().store(store).nodeId("node-b").heartbeatInterval(HEARTBEAT)
            .staleAfter(STALE_AFTER).statusWriteTimeout(STATUS_WRITE_TIMEOUT).build();
        WorkerProcess paused = WorkerProcess.launch(new WorkerSettings(url, prefix, "node-a", HEARTBEAT, STALE_AFTER,
            STATUS_WRITE_TIMEOUT, JOBS, WorkerSettings.WorkerMode.HOLD, 0))) {
      paused.awaitSignal(WorkerLine.HELD, STARTUP);
      List<String> held = paused.lines().stream()
          .filter(line -> line.kind().equals(WorkerLine.ACK) && line.call().equals("start"))
          .map(WorkerLine::jobId).toList();

      paused.pause();
      report.add("pauses", 1);
      long pausedAt = System.nanoTime();
      Await.within(STALE_AFTER.multipliedBy(10), () -> store.findAll(held).stream().allMatch(PauseTest::isSweptFailed));
      report.max("longestSweepMs", Duration.ofNanos(System.nanoTime() - pausedAt).toMillis());
      List<String> swept = store.findAll(held).stream().filter(PauseTest::isSweptFailed).map(JobSnapshot::id).toList();
      report.add("swept", swept.size());
      report.add("notSwept", held.size() - swept.size());
      List<Job> successors = startSuccessors(other, report);

      int linesBeforeResume = paused.lines().size();
      paused.resume();
      paused.send("step");
      paused.awaitLines(2 * JOBS, line -> line.isAnswer() && line.call().equals("step"), CALLS);
      report.max("keysHeldTwice", StoredJobs.keysHeldTwice(store));
      paused.send("finish");
      paused.awaitLines(JOBS, line -> line.isAnswer() && line.call().equals("complete"), CALLS);
      paused.send("exit");
      paused.awaitExit(CALLS);
      report.max("keysHeldTwice", StoredJobs.keysHeldTwice(store));

      List<WorkerLine> afterResume = paused.lines().subList(linesBeforeResume, paused.lines().size());
      report.add("acknowledgedAfterResume", afterResume.stream()
          .filter(line -> line.kind().equals(WorkerLine.ACK)).count());
      report.add("overwritten", store.findAll(swept).stream().filter(job -> !isSweptFailed(job)).count());
      successors.forEach(Job::complete);
    } finally {
      TestDatabases.dropTables(url, prefix);
    }
    report.printAndAssertZero("notSwept", "successorsRefused", "acknowledgedAfterResume", "overwritten", "keysHeldTwice");
  }

  /** Once the paused node's jobs are swept, their keys are free: the other node takes each of them. */
  private static List<Job> startSuccessors(ProgressTracker other, FaultReport report) {
    List<Job> successors = new ArrayList<>();
    for (int i = 0; i < JOBS; i++) {
      String key = HeldJobs.KEY_PREFIX + i;
      try {
        successors.add(other.start(JobSpec.builder("held", "alice").step("a", 1)
            .exclusiveKey(key).attribute(Keys.ATTRIBUTE, key).build()));
      } catch (ExclusiveKeyException stillHeld) {
        report.add("successorsRefused", 1);
      }
    }
    return successors;
  }

  /** Whether a stored job is the sweeper's FAILED. */
  private static boolean isSweptFailed(JobSnapshot job) {
    return job.status() == JobStatus.FAILED && StoredJobs.wasSwept(job);
  }
}
