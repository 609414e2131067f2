package dev.headway.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.headway.Job;
import dev.headway.JobEvent;
import dev.headway.JobEventType;
import dev.headway.JobSpec;
import dev.headway.ProgressTracker;
import dev.headway.spi.ChangeNotice;
import dev.headway.spi.ClusterBus;
import dev.headway.testing.RecordingListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two trackers, each with a store and a connection pool of its own on the same tables, following each other through
 * {@link JdbcPollingBus}: on each database the bus is meant for, and on PostgreSQL.
 */
abstract class PollingBusContract {
  private static final Duration LONG = Duration.ofSeconds(20);
  private static final Duration MIN = Duration.ofMillis(20);
  private static final Duration MAX = Duration.ofMillis(200);

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final List<AutoCloseable> closing = new ArrayList<>();
  private String prefix;

  /** The database of the concrete test class. */
  protected abstract TestDatabase database();

  @AfterEach
  void close() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  private String prefix() {
    if (prefix == null) {
      prefix = database().newPrefix();
    }
    return prefix;
  }

  private String nodeName(String name) {
    return name + "-" + run;
  }

  private JdbcJobStore store() {
    return database().track(database().urlBuilder(prefix()).build());
  }

  /** A store on a data source that counts statements and can go down, as a node's pool would in an outage. */
  private JdbcJobStore countedStore(CountingDataSource[] out) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(database().url());
    config.setMaximumPoolSize(4);
    HikariDataSource pool = new HikariDataSource(config);
    closing.add(pool);
    CountingDataSource counting = new CountingDataSource(pool);
    out[0] = counting;
    JdbcJobStore store = JdbcJobStore.builder().dataSource(counting).tablePrefix(prefix()).build();
    closing.add(store);
    return store;
  }

  private static JdbcPollingBus bus(JdbcJobStore store) {
    return JdbcPollingBus.builder(store).minInterval(MIN).maxInterval(MAX).build();
  }

  /** A node: its own store, pool and polling bus; returns once the bus has read the change index. */
  private ProgressTracker node(String name) {
    JdbcJobStore store = store();
    JdbcPollingBus bus = bus(store);
    ProgressTracker tracker = ProgressTracker.builder().store(store).nodeId(nodeName(name)).clusterBus(bus).build();
    closing.add(tracker);
    awaitTrue(bus::connected, LONG, "the bus of " + name + " reads");
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

  /** What a bus passes on, when started by a test rather than by a tracker. */
  private static final class Recording implements ClusterBus.Receiver {
    final List<ChangeNotice> notices = new ArrayList<>();
    final AtomicInteger resyncs = new AtomicInteger();

    @Override
    public synchronized void changed(List<ChangeNotice> batch) {
      notices.addAll(batch);
    }

    @Override
    public void resync() {
      resyncs.incrementAndGet();
    }

    synchronized List<ChangeNotice> of(String jobId) {
      return notices.stream().filter(n -> n.jobId().equals(jobId)).toList();
    }
  }

  @Test
  void aJobOnAIsStreamedOnBInVersionOrderToItsFinalState() {
    ProgressTracker a = node("a");
    ProgressTracker b = node("b");
    Job job = a.start(article());
    RecordingListener onB = new RecordingListener();
    b.subscribe(job.id(), onB);
    // A's own bus sees A's writes too: harmless, A's subscriber sees each state once, in order.
    RecordingListener onA = new RecordingListener();
    a.subscribe(job.id(), onA);

    job.startStep("research");
    onB.await(e -> e.type() == JobEventType.STEP_STARTED, LONG);
    for (int i = 1; i <= 10; i++) {
      job.progress(i, 10);
    }
    onB.await(e -> e.type() == JobEventType.PROGRESS && e.job().percent() > 0, LONG);
    job.startStep("writing");
    job.complete("{\"words\":1200}");

    JobEvent last = onB.awaitTerminal(job.id(), LONG);
    assertThat(last.type()).isEqualTo(JobEventType.JOB_COMPLETED);
    assertThat(last.job()).isEqualTo(a.find(job.id()).orElseThrow());
    assertThat(versions(onB)).isSorted().doesNotHaveDuplicates();
    assertThat(onB.types()).filteredOn(JobEventType::isTerminal).hasSize(1);
    assertThat(onA.awaitTerminal(job.id(), LONG).type()).isEqualTo(JobEventType.JOB_COMPLETED);
    assertThat(versions(onA)).isSorted().doesNotHaveDuplicates();
    assertThat(onA.types()).filteredOn(JobEventType::isTerminal).hasSize(1);
  }

  @Test
  void aCancelOnBStopsTheWorkerOnA() {
    ProgressTracker a = node("a");
    ProgressTracker b = node("b");
    Job job = a.start(article());
    job.startStep("research");
    RecordingListener onA = new RecordingListener();
    a.subscribe(job.id(), onA);
    RecordingListener onB = new RecordingListener();
    b.subscribe(job.id(), onB);

    b.cancel(job.id(), "user left");
    awaitTrue(job::isCancelRequested, LONG, "a's worker sees the cancel request made on b");
    job.cancelled(); // what the worker does on seeing the request

    assertThat(onA.awaitTerminal(job.id(), LONG).type()).isEqualTo(JobEventType.JOB_CANCELLED);
    assertThat(onB.awaitTerminal(job.id(), LONG).type()).isEqualTo(JobEventType.JOB_CANCELLED);
    assertThat(versions(onB)).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void rowsANodeHoldsAndWroteAreNotPassedOnButTheirEndIs() {
    ProgressTracker a = node("a");
    Recording ofA = new Recording();
    JdbcPollingBus busOfA = bus(store());
    closing.add(busOfA);
    busOfA.start(nodeName("a"), ofA);
    awaitTrue(busOfA::connected, LONG, "the bus reads");

    Job job = a.start(article());
    job.startStep("research");
    job.progress(3, 10);
    job.complete();
    long end = a.find(job.id()).orElseThrow().version();

    awaitTrue(() -> !ofA.of(job.id()).isEmpty(), LONG, "the end of a's job is passed on");
    assertThat(ofA.of(job.id())).containsExactly(new ChangeNotice("store", job.id(), end));
  }

  @Test
  void afterReadsFailTheBusReadsAgainAndResyncs() {
    ProgressTracker a = node("a");
    CountingDataSource[] counting = new CountingDataSource[1];
    JdbcPollingBus busOfB = bus(countedStore(counting));
    closing.add(busOfB);
    Recording ofB = new Recording();
    busOfB.start(nodeName("b"), ofB);
    awaitTrue(busOfB::connected, LONG, "the bus reads");
    assertThat(ofB.resyncs).hasValue(0);

    // An outage, simulated: b's data source refuses connections and statements, as an unreachable database does.
    counting[0].goDown();
    awaitTrue(() -> !busOfB.connected(), LONG, "the bus tells that its reads fail");
    Job job = a.start(article());
    job.startStep("research");
    job.complete();
    counting[0].comeBack();

    awaitTrue(() -> ofB.resyncs.get() == 1, LONG, "the bus resyncs when reads work again");
    assertThat(busOfB.connected()).isTrue();
    long end = a.find(job.id()).orElseThrow().version();
    awaitTrue(() -> ofB.of(job.id()).stream().anyMatch(n -> n.version() == end), LONG,
        "the job written during the outage is passed on");
  }

  @Test
  void whenNothingMovesTheIntervalGrowsToTheMaximumAndEachReadIsOneStatement() {
    store(); // the tables
    CountingDataSource[] counting = new CountingDataSource[1];
    JdbcPollingBus bus = bus(countedStore(counting));
    closing.add(bus);
    bus.start(nodeName("idle"), new Recording());

    awaitTrue(() -> bus.interval().equals(MAX), LONG, "the interval reaches maxInterval");
    long reads = bus.reads();
    int statements = counting[0].executions().size();
    awaitTrue(() -> bus.reads() >= reads + 5, LONG, "five more reads");
    int moreStatements = counting[0].executions().size() - statements;
    long moreReads = bus.reads() - reads;
    // One indexed query per idle read (give or take the one in flight when counted).
    assertThat((long) moreStatements).isBetween(moreReads - 1, moreReads + 1);
    assertThat(bus.interval()).isEqualTo(MAX);
  }

  @Test
  void moreChangesThanOneStatementReadsArePagedThroughAndEachPassedOnOnce() {
    ProgressTracker a = node("a");
    Recording ofB = new Recording();
    JdbcPollingBus busOfB = bus(store());
    closing.add(busOfB);
    busOfB.start(nodeName("b"), ofB);
    awaitTrue(busOfB::connected, LONG, "the bus reads");

    int jobs = JdbcPollingBus.BATCH * 2 + 100;
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      ids.add(a.start(article()).id());
    }

    awaitTrue(() -> ids.stream().allMatch(id -> !ofB.of(id).isEmpty()), LONG, "every new job is passed on");
    for (String id : ids) {
      assertThat(ofB.of(id)).as(id).hasSize(1);
    }
    List<Long> versions;
    synchronized (ofB) {
      versions = ofB.notices.stream().map(ChangeNotice::version).toList();
    }
    assertThat(versions).isSorted();
  }

  @Test
  void theBuilderTakesEachSettingOnceAndAnOrderedRange() {
    JdbcJobStore store = store();
    JdbcPollingBus.Builder builder = JdbcPollingBus.builder(store).minInterval(MIN);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> builder.minInterval(MIN))
        .isInstanceOf(IllegalStateException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> JdbcPollingBus.builder(store).minInterval(MAX).maxInterval(MIN).build())
        .isInstanceOf(IllegalArgumentException.class);
    JdbcPollingBus bus = JdbcPollingBus.builder(store).build();
    bus.close();
    bus.close();
  }
}
