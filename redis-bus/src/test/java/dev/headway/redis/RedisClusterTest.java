package dev.headway.redis;

import static dev.headway.redis.TestRedis.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.headway.Job;
import dev.headway.JobEvent;
import dev.headway.JobEventType;
import dev.headway.JobFilter;
import dev.headway.JobSpec;
import dev.headway.ProgressTracker;
import dev.headway.spi.JobStore;
import dev.headway.spi.TrackerObserver;
import dev.headway.testing.RecordingListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two trackers on one shared store, each with a Redis bus of its own on one channel of the machine's Redis: what
 * runs on one node is followed, and cancelled, from the other.
 */
class RedisClusterTest {
  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  private static final Duration FLUSH = Duration.ofMillis(100);
  private static final Duration LONG = Duration.ofSeconds(15);

  private final JobStore store = JobStore.inMemory();
  private final String channel = redis.newChannel();
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  /** A node of the cluster; returns once its bus is subscribed. */
  private Node node(String name) {
    String nodeId = name + "-" + run;
    RedisClusterBus bus = RedisClusterBus.builder(redis.url()).channel(channel)
        .maxBackoff(Duration.ofMillis(500)).build();
    AtomicInteger resyncs = new AtomicInteger();
    ProgressTracker tracker = ProgressTracker.builder().store(store).nodeId(nodeId).clusterBus(bus)
        .flushInterval(FLUSH)
        .observer(new TrackerObserver() {
          @Override
          public void busResync() {
            resyncs.incrementAndGet();
          }
        })
        .build();
    closing.add(tracker);
    awaitTrue(bus::connected, LONG, "the bus of " + name + " is subscribed");
    return new Node(nodeId, tracker, bus, resyncs);
  }

  private record Node(String id, ProgressTracker tracker, RedisClusterBus bus, AtomicInteger resyncs) {}

  private static JobSpec article() {
    return JobSpec.builder("article", "alice").step("research", 1).step("writing", 2).build();
  }

  private static List<Long> versions(RecordingListener listener) {
    return listener.events().stream().map(e -> e.job().version()).toList();
  }

  @Test
  void aJobOnAIsStreamedOnBWithItsProgressAndItsEnd() {
    Node a = node("a");
    Node b = node("b");
    Job job = a.tracker().start(article());
    RecordingListener onB = new RecordingListener();
    b.tracker().subscribe(job.id(), onB);

    job.startStep("research");
    onB.await(e -> e.type() == JobEventType.STEP_STARTED, LONG);
    job.progress(5, 10);
    JobEvent progress = onB.await(e -> e.type() == JobEventType.PROGRESS && e.job().percent() > 0, LONG);
    assertThat(progress.job().step()).isEqualTo("research");
    job.startStep("writing");
    onB.await(e -> e.type() == JobEventType.STEP_STARTED && "writing".equals(e.job().step()), LONG);
    job.complete("{\"words\":1200}");

    JobEvent last = onB.awaitTerminal(job.id(), LONG);
    assertThat(last.type()).isEqualTo(JobEventType.JOB_COMPLETED);
    assertThat(last.job()).isEqualTo(a.tracker().find(job.id()).orElseThrow());
    assertThat(versions(onB)).isSorted().doesNotHaveDuplicates();
    assertThat(onB.types()).filteredOn(JobEventType::isTerminal).hasSize(1);
    assertThat(a.bus().messagesPublished()).isPositive();
    assertThat(a.bus().messagesDropped()).isZero();
  }

  @Test
  void aCancelOnBReachesTheWorkerOnA() {
    Node a = node("a");
    Node b = node("b");
    Job job = a.tracker().start(article());
    job.startStep("research");
    RecordingListener onA = new RecordingListener();
    a.tracker().subscribe(job.id(), onA);
    RecordingListener onB = new RecordingListener();
    b.tracker().subscribe(job.id(), onB);

    b.tracker().cancel(job.id(), "user left");
    onA.await(e -> e.type() == JobEventType.CANCEL_REQUESTED, LONG);
    assertThat(job.isCancelRequested()).isTrue();
    job.cancelled(); // what the worker does on seeing the request

    assertThat(onA.awaitTerminal(job.id(), LONG).type()).isEqualTo(JobEventType.JOB_CANCELLED);
    assertThat(onB.awaitTerminal(job.id(), LONG).type()).isEqualTo(JobEventType.JOB_CANCELLED);
    assertThat(onB.types()).containsSubsequence(JobEventType.CANCEL_REQUESTED, JobEventType.JOB_CANCELLED);
    assertThat(versions(onB)).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void afterItsSubscriptionIsKilledBReconnectsResyncsAndStillEndsWithTheFinalState() {
    Node a = node("a");
    Node b = node("b");
    Job job = a.tracker().start(article());
    RecordingListener onB = new RecordingListener();
    b.tracker().subscribe(job.id(), onB);
    job.startStep("research");
    onB.await(e -> e.type() == JobEventType.STEP_STARTED, LONG);
    int resyncsBefore = b.resyncs().get();

    assertThat(redis.killSubscriber(b.id())).isEqualTo(1);
    // While b is deaf, or reconnecting: the job goes on and ends.
    job.progress(9, 10);
    job.startStep("writing");
    job.complete();

    awaitTrue(() -> b.resyncs().get() > resyncsBefore, LONG, "b re-reads after subscribing again");
    JobEvent last = onB.awaitTerminal(job.id(), LONG);
    assertThat(last.job()).isEqualTo(a.tracker().find(job.id()).orElseThrow());
    assertThat(versions(onB)).isSorted().doesNotHaveDuplicates();
    awaitTrue(b.bus()::connected, LONG, "b is subscribed again");
    assertThat(a.resyncs().get()).isLessThanOrEqualTo(1); // a was never cut off: at most its first resync
  }

  @Test
  void aJobStartedOnAWhileBIsDisconnectedIsFoundByBsOwnerSubscriptionAfterTheResync() {
    Node a = node("a");
    Node b = node("b");
    RecordingListener onB = new RecordingListener();
    b.tracker().subscribe(JobFilter.owner("alice"), onB);
    Job first = a.tracker().start(article());
    onB.await(e -> e.job().id().equals(first.id()), LONG); // b has heard from the bus before the gap
    int resyncsBefore = b.resyncs().get();

    assertThat(redis.killSubscriber(b.id())).isEqualTo(1);
    Job second = a.tracker().start(article());
    second.complete();

    awaitTrue(() -> b.resyncs().get() > resyncsBefore, LONG, "b re-reads after subscribing again");
    assertThat(onB.awaitTerminal(second.id(), LONG).type()).isEqualTo(JobEventType.JOB_COMPLETED);
  }
}
