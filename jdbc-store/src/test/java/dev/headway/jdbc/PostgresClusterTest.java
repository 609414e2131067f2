package dev.headway.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headway.Job;
import dev.headway.JobEvent;
import dev.headway.JobEventType;
import dev.headway.JobSpec;
import dev.headway.JobStatus;
import dev.headway.ProgressTracker;
import dev.headway.jdbc.testing.DatabaseTime;
import dev.headway.spi.ClusterBus;
import dev.headway.testing.RecordingListener;
import dev.headway.testing.TrackerHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two (or three) trackers, each with a store and a connection pool of its own, on one PostgreSQL database: what runs
 * on one node is followed on the others through LISTEN/NOTIFY.
 */
class PostgresClusterTest {
  @RegisterExtension
  static final TestDatabase db = TestDatabase.postgres();

  private static final Duration FLUSH = Duration.ofMillis(200);
  private static final Duration MARGIN = Duration.ofMillis(800);
  private static final Duration LONG = Duration.ofSeconds(15);

  private final String prefix = db.newPrefix();
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  private String nodeName(String name) {
    return name + "-" + run;
  }

  private PostgresClusterBus bus(JdbcJobStore store) {
    return PostgresClusterBus.builder(store).checkEvery(Duration.ofSeconds(1)).maxBackoff(Duration.ofMillis(500))
        .build();
  }

  /** A node on the real clock: its own store, pool and bus; returns once its bus listens. */
  private ProgressTracker node(String name, PostgresClusterBus[] busOut) {
    JdbcJobStore store = db.track(db.urlBuilder(prefix).build());
    PostgresClusterBus bus = bus(store);
    ProgressTracker tracker = ProgressTracker.builder().store(store).nodeId(nodeName(name)).clusterBus(bus).build();
    closing.add(tracker);
    awaitTrue(bus::connected, LONG, "the bus of " + name + " listens");
    if (busOut != null) {
      busOut[0] = bus;
    }
    return tracker;
  }

  private static void awaitTrue(BooleanSupplier condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout + ": " + what);
      }
      Thread.onSpinWait();
      Thread.yield();
    }
  }

  private static JobSpec article() {
    return JobSpec.builder("article", "alice").step("research", 1).step("writing", 2).build();
  }

  private static List<Long> versions(RecordingListener listener) {
    return listener.events().stream().map(e -> e.job().version()).toList();
  }

  @Test
  void aPostgresStoreBringsItsBusAndH2DoesNot() {
    JdbcJobStore pg = db.track(db.urlBuilder(prefix).build());
    assertThat(pg.defaultClusterBus()).isInstanceOf(PostgresClusterBus.class);
    try (JdbcJobStore h2 = JdbcJobStore.builder().jdbcUrl("jdbc:h2:mem:bus-" + run).build()) {
      assertThat(h2.defaultClusterBus()).isSameAs(ClusterBus.inProcess());
    }
  }

  @Test
  void aJobOnAIsStreamedOnBWithEveryStatusChangeAndProgressWithinTheFlushInterval() {
    ProgressTracker a = node("a", null);
    ProgressTracker b = node("b", null);
    Job job = a.start(article());
    RecordingListener onB = new RecordingListener();
    b.subscribe(job.id(), onB);

    job.startStep("research");
    onB.await(e -> e.type() == JobEventType.STEP_STARTED, LONG);
    job.progress(5, 10);
    JobEvent progress = onB.await(e -> e.type() == JobEventType.PROGRESS && e.job().percent() > 0,
        FLUSH.plus(MARGIN));
    assertThat(progress.job().step()).isEqualTo("research");
    job.startStep("writing");
    onB.await(e -> e.type() == JobEventType.STEP_STARTED && "writing".equals(e.job().step()), LONG);
    job.complete("{\"words\":1200}");

    JobEvent last = onB.awaitTerminal(job.id(), LONG);
    assertThat(last.type()).isEqualTo(JobEventType.JOB_COMPLETED);
    assertThat(last.job()).isEqualTo(a.find(job.id()).orElseThrow());
    assertThat(versions(onB)).isSorted().doesNotHaveDuplicates();
    assertThat(onB.types()).filteredOn(JobEventType::isTerminal).hasSize(1);
  }

  @Test
  void afterItsListenerConnectionIsKilledBReconnectsAndStillEndsWithTheFinalState() throws Exception {
    ProgressTracker a = node("a", null);
    PostgresClusterBus[] busOfB = new PostgresClusterBus[1];
    ProgressTracker b = node("b", busOfB);
    Job job = a.start(article());
    RecordingListener onB = new RecordingListener();
    b.subscribe(job.id(), onB);
    job.startStep("research");
    onB.await(e -> e.type() == JobEventType.STEP_STARTED, LONG);

    long killed = db.queryLong("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity"
        + " WHERE application_name = 'headway-bus " + nodeName("b") + "'");
    assertThat(killed).isEqualTo(1);
    // While b is deaf, or reconnecting: the job goes on and ends.
    job.progress(9, 10);
    job.startStep("writing");
    job.complete();

    JobEvent last = onB.awaitTerminal(job.id(), LONG);
    assertThat(last.job()).isEqualTo(a.find(job.id()).orElseThrow());
    assertThat(versions(onB)).isSorted().doesNotHaveDuplicates();
    awaitTrue(busOfB[0]::connected, LONG, "b listens again");
  }

  @Test
  void aCancelOnBStopsTheWorkerOnA() {
    ProgressTracker a = node("a", null);
    ProgressTracker b = node("b", null);
    Job job = a.start(article());
    job.startStep("research");
    RecordingListener onA = new RecordingListener();
    a.subscribe(job.id(), onA);
    RecordingListener onB = new RecordingListener();
    b.subscribe(job.id(), onB);

    b.cancel(job.id(), "user left");
    onA.await(e -> e.type() == JobEventType.CANCEL_REQUESTED, LONG);
    assertThat(job.isCancelRequested()).isTrue();
    job.cancelled(); // what the worker does on seeing the request

    assertThat(onA.awaitTerminal(job.id(), LONG).type()).isEqualTo(JobEventType.JOB_CANCELLED);
    assertThat(onB.awaitTerminal(job.id(), LONG).type()).isEqualTo(JobEventType.JOB_CANCELLED);
    // Notices of A's earlier writes may still reach B after it subscribed, so other events can come first.
    assertThat(onB.types()).containsSubsequence(JobEventType.CANCEL_REQUESTED, JobEventType.JOB_CANCELLED);
    assertThat(versions(onB)).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void whenADiesBEndsItsJobsFailedAfterTheStaleTimeAndEveryNodeSeesIt() {
    JdbcJobStore storeOfA = db.track(db.urlBuilder(prefix).build());
    JdbcJobStore storeOfB = db.track(db.urlBuilder(prefix).build());
    TrackerHarness a = new TrackerHarness(storeOfA, x -> x.nodeId(nodeName("a")).clusterBus(bus(storeOfA)));
    // Staleness is judged on the database's clock, so it takes real time: b has a short staleAfter.
    TrackerHarness b = new TrackerHarness(storeOfB, x -> x.nodeId(nodeName("b")).clusterBus(bus(storeOfB))
        .heartbeatInterval(Duration.ofSeconds(1)).staleAfter(Duration.ofSeconds(2)));
    closing.add(b);
    // The fake clocks start at the real time: node c's sweeper runs on the real clock, and a job stamped in the past
    // would look abandoned to it at once.
    a.clock.set(Instant.now());
    b.clock.set(a.clock.instant());
    ProgressTracker c = node("c", null); // an observer on the real clock
    Job job = a.tracker.start(article());
    job.startStep("research");
    RecordingListener onB = new RecordingListener();
    b.tracker.subscribe(job.id(), onB);
    RecordingListener onC = new RecordingListener();
    c.subscribe(job.id(), onC);

    // a dies: abandoned without close, its housekeeping never runs again. b sweeps once the database says so.
    b.tick(Duration.ofSeconds(1));
    assertThat(storeOfB.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
    DatabaseTime.await("a's job swept", LONG,
        () -> storeOfB.find(job.id()).orElseThrow().status() == JobStatus.FAILED, () -> b.tick(Duration.ofSeconds(1)));
    b.deliver();

    assertThat(onB.last().type()).isEqualTo(JobEventType.JOB_FAILED);
    JobEvent onOther = onC.awaitTerminal(job.id(), LONG);
    assertThat(onOther.type()).isEqualTo(JobEventType.JOB_FAILED);
    assertThat(onOther.job()).isEqualTo(storeOfB.find(job.id()).orElseThrow());
  }
}
