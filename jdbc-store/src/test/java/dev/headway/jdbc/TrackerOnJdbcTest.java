package dev.headway.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headway.HeadwayException;
import dev.headway.Job;
import dev.headway.JobEventType;
import dev.headway.JobSnapshot;
import dev.headway.JobSpec;
import dev.headway.JobStatus;
import dev.headway.StepStatus;
import dev.headway.jdbc.testing.DatabaseTime;
import dev.headway.testing.RecordingListener;
import dev.headway.testing.TrackerHarness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tracker on the JDBC store: recovery after a crash, bounded writes, and an outage. */
class TrackerOnJdbcTest {

  private static JdbcDataSource h2(String url) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(url);
    return ds;
  }

  private static JdbcDataSource h2InMemory() {
    return h2("jdbc:h2:mem:tracker-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
  }

  private static JobSpec article() {
    return JobSpec.builder("article", "alice").step("research", 1).step("writing", 2).build();
  }

  /**
   * Tracker A writes jobs to an H2 file and is abandoned without close(), as a crash would leave it: its pending
   * progress is lost, its housekeeping never runs again. Tracker B opens the same file.
   */
  @Test
  void afterACrashEveryJobIsFoundWithItsLastDurableStateAndRunningOnesAreSwept(@TempDir Path dir) {
    String url = "jdbc:h2:file:" + dir.resolve("headway");
    TrackerHarness a = new TrackerHarness(JdbcJobStore.builder().dataSource(h2(url)).build(), b -> b.nodeId("a"));
    Job done = a.tracker.start(article());
    done.startStep("research");
    done.complete("{\"words\":1200}");
    Job running = a.tracker.start(JobSpec.builder("docs", "alice").step("scan", 1).exclusiveKey("docs:acme").build());
    running.startStep("scan");
    running.progress(3, 10);
    Job queued = a.tracker.start(JobSpec.builder("docs", "bob").queued().build());
    a.tick(Duration.ofMillis(200)); // flushes 3 of 10
    RecordingListener clientOfA = new RecordingListener();
    a.tracker.subscribe(running.id(), clientOfA);
    running.progress(7, 10); // never flushed
    a.deliver();
    long lastVersionAShowed = clientOfA.last().job().version();
    // Crash: tracker A is simply dropped.

    // Staleness is judged on the database's clock, so it takes real time: a short staleAfter, then wait for it.
    TrackerHarness b = new TrackerHarness(JdbcJobStore.builder().dataSource(h2(url)).build(),
        x -> x.nodeId("b").heartbeatInterval(Duration.ofSeconds(1)).staleAfter(Duration.ofSeconds(2)));
    b.clock.set(a.clock.instant());
    try {
      JobSnapshot doneNow = b.tracker.find(done.id()).orElseThrow();
      assertThat(doneNow.status()).isEqualTo(JobStatus.COMPLETED);
      assertThat(doneNow.result()).isEqualTo("{\"words\":1200}");
      JobSnapshot runningNow = b.tracker.find(running.id()).orElseThrow();
      assertThat(runningNow.status()).isEqualTo(JobStatus.RUNNING);
      assertThat(runningNow.step("scan").done()).as("the last flushed progress").isEqualTo(3);
      assertThat(b.tracker.find(queued.id()).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);

      RecordingListener clientOfB = new RecordingListener();
      b.tracker.subscribe(running.id(), clientOfB);
      DatabaseTime.await("a's jobs swept", Duration.ofSeconds(30),
          () -> b.tracker.find(queued.id()).orElseThrow().status() == JobStatus.FAILED
              && b.tracker.find(running.id()).orElseThrow().status() == JobStatus.FAILED,
          () -> b.tick(Duration.ofSeconds(1)));
      b.deliver();
      JobSnapshot swept = b.tracker.find(running.id()).orElseThrow();
      assertThat(swept.status()).isEqualTo(JobStatus.FAILED);
      assertThat(swept.error().message()).isEqualTo("worker stopped responding");
      assertThat(swept.step("scan").status()).isEqualTo(StepStatus.FAILED);
      assertThat(swept.version()).as("above any version A showed a client").isGreaterThan(lastVersionAShowed);
      assertThat(clientOfB.last().type()).isEqualTo(JobEventType.JOB_FAILED);
      assertThat(b.tracker.find(queued.id()).orElseThrow().status()).isEqualTo(JobStatus.FAILED);

      Job again = b.tracker.start(JobSpec.builder("docs", "alice").exclusiveKey("docs:acme").build());
      assertThat(again.id()).as("the swept job's key was released").isNotEqualTo(running.id());
    } finally {
      b.close();
    }
  }

  @Test
  void manyUpdatesCostAtMostOneUpdatePerInterval() {
    CountingDataSource db = new CountingDataSource(h2InMemory());
    try (TrackerHarness h = new TrackerHarness(JdbcJobStore.builder().dataSource(db).build(), b -> b)) {
      Job job = h.tracker.start(JobSpec.builder("import", "alice").total(100_000).build());
      int before = db.updates();
      int intervals = 10;
      for (int i = 0; i < intervals; i++) {
        for (int u = 0; u < 10_000; u++) {
          job.advance(1);
        }
        h.tick(Duration.ofMillis(200));
      }
      assertThat(db.updates() - before).isLessThanOrEqualTo(intervals);
      assertThat(h.store.find(job.id()).orElseThrow().done()).isEqualTo(100_000);
    }
  }

  @Test
  void duringAnOutageProgressFlowsFromMemoryAndNothingIsLost() {
    CountingDataSource db = new CountingDataSource(h2InMemory());
    try (TrackerHarness h = new TrackerHarness(JdbcJobStore.builder().dataSource(db).build(),
        b -> b.statusWriteTimeout(Duration.ofMillis(50)))) {
      Job job = h.tracker.start(JobSpec.builder("import", "alice").total(100).build());
      RecordingListener listener = new RecordingListener();
      h.tracker.subscribe(job.id(), listener);
      job.advance(10);
      h.tick(Duration.ofMillis(200));

      db.goDown();
      for (int i = 0; i < 10; i++) {
        job.advance(5);
        h.tick(Duration.ofMillis(200));
      }
      h.deliver();
      assertThat(listener.last().job().done()).isEqualTo(60);
      assertThatThrownBy(job::complete).isInstanceOf(HeadwayException.class).hasMessageContaining("stays queued");

      db.comeBack();
      h.tick(Duration.ofSeconds(30));
      JobSnapshot stored = h.store.find(job.id()).orElseThrow();
      assertThat(stored.status()).isEqualTo(JobStatus.COMPLETED);
      assertThat(stored.done()).isEqualTo(60);
    }
  }
}
