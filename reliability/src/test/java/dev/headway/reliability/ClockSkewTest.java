package dev.headway.reliability;

import dev.headway.Job;
import dev.headway.JobSnapshot;
import dev.headway.JobSpec;
import dev.headway.JobStatus;
import dev.headway.ProgressTracker;
import dev.headway.jdbc.JdbcJobStore;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two nodes on one PostgreSQL store, one of them with a clock 5 s behind or 60 s ahead (injected through the
 * builder's {@code clock}, the only way to skew one node's clock and not the machine's). Jobs on both live past
 * staleAfter (3 s) and then complete: no live job is swept, and every acknowledged completion is in the store.
 */
class ClockSkewTest {
  private static final Duration HEARTBEAT = Duration.ofMillis(300);
  private static final Duration STALE_AFTER = Duration.ofSeconds(3);
  private static final Duration STATUS_WRITE_TIMEOUT = Duration.ofSeconds(2);
  private static final int JOBS_PER_NODE = 5;

  @ParameterizedTest(name = "clock skew {0} ms")
  @ValueSource(longs = {-5_000, 60_000})
  @Timeout(120)
  void aSkewedClockNeitherSweepsLiveJobsNorLosesCompletions(long skewMillis) throws Exception {
    String url = TestDatabases.postgresUrl();
    String prefix = TestDatabases.newPrefix();
    FaultReport report = new FaultReport("clock skew " + skewMillis + " ms");
    report.declare("jobs", "acknowledged", "sweptWhileAlive", "lost");
    List<WorkerLine> lines = Collections.synchronizedList(new ArrayList<>());
    Reporter reporter = new Reporter(lines::add);
    try (JdbcJobStore onTimeStore = TestDatabases.openStore(url, prefix);
        JdbcJobStore skewedStore = TestDatabases.openStore(url, prefix);
        ProgressTracker onTime = node(onTimeStore, "on-time", Clock.systemUTC());
        ProgressTracker skewed = node(skewedStore, "skewed",
            Clock.offset(Clock.systemUTC(), Duration.ofMillis(skewMillis)))) {
      List<Job> jobs = new ArrayList<>();
      for (ProgressTracker tracker : List.of(onTime, skewed)) {
        for (int i = 0; i < JOBS_PER_NODE; i++) {
          reporter.start(JobSpec.builder("skew", "alice").step("a", 1).step("b", 1).build(), tracker::start)
              .ifPresent(job -> {
                reporter.call(job, "step", () -> job.startStep("a"));
                jobs.add(job);
              });
        }
      }
      List<String> ids = jobs.stream().map(Job::id).toList();
      report.add("jobs", ids.size());
      // The jobs live past staleAfter with only heartbeats as signs of life; a sweep ends the wait early.
      Await.within(STALE_AFTER.plus(HEARTBEAT.multipliedBy(3)),
          () -> onTimeStore.findAll(ids).stream().anyMatch(StoredJobs::wasSwept));
      for (Job job : jobs) {
        reporter.call(job, "step", () -> job.startStep("b"));
        reporter.call(job, "complete", job::complete);
      }
      Map<String, JobSnapshot> stored = onTimeStore.findAll(ids).stream()
          .collect(Collectors.toMap(JobSnapshot::id, Function.identity()));
      report.add("sweptWhileAlive", stored.values().stream().filter(StoredJobs::wasSwept).count());
      List<String> acknowledged = lines.stream()
          .filter(line -> line.acknowledgedEnd().isPresent()).map(WorkerLine::jobId).toList();
      report.add("acknowledged", acknowledged.size());
      report.add("lost", acknowledged.stream()
          .filter(id -> !stored.containsKey(id) || stored.get(id).status() != JobStatus.COMPLETED).count());
    } finally {
      TestDatabases.dropTables(url, prefix);
    }
    report.printAndAssertZero("sweptWhileAlive", "lost");
  }

  private static ProgressTracker node(JdbcJobStore store, String nodeId, Clock clock) {
    return ProgressTracker.builder().store(store).nodeId(nodeId).clock(clock).heartbeatInterval(HEARTBEAT)
        .staleAfter(STALE_AFTER).statusWriteTimeout(STATUS_WRITE_TIMEOUT).build();
  }
}
