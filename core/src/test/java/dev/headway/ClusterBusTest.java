package dev.headway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headway.spi.JobStore;
import dev.headway.testing.MutableClock;
import dev.headway.testing.RecordingListener;
import dev.headway.testing.SharedBus;
import dev.headway.testing.TrackerHarness;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two trackers on one store and one in-memory bus: what a node writes, the other node's subscribers see, in
 * version order and once; a cancel request made on one node reaches the worker on the other.
 */
class ClusterBusTest {
  private static final Duration FLUSH = Duration.ofMillis(200);

  private final MutableClock storeClock = MutableClock.atEpoch();
  private final JobStore shared = JobStore.inMemory(storeClock);
  private final SharedBus bus = new SharedBus();
  private final TrackerHarness a = new TrackerHarness(shared, b -> b.nodeId("a").clusterBus(bus.node()));
  private final TrackerHarness b = new TrackerHarness(shared, b -> b.nodeId("b").clusterBus(bus.node()));

  @AfterEach
  void close() {
    a.close();
    b.close();
  }

  /** Hands the notices over and runs both nodes' listener deliveries. */
  private void settle() {
    bus.deliver();
    a.deliver();
    b.deliver();
  }

  private Job startArticle() {
    return a.tracker.start(JobSpec.builder("article", "alice").step("research", 1).step("writing", 2).build());
  }

  @Test
  void aSubscriberOnTheOtherNodeSeesEveryStatusChangeInVersionOrder() {
    Job job = startArticle();
    RecordingListener onB = new RecordingListener();
    b.tracker.subscribe(job.id(), onB);

    job.startStep("research");
    settle();
    job.advance(1);
    a.tick(FLUSH);
    settle();
    job.startStep("writing");
    settle();
    job.complete();
    settle();

    assertThat(onB.types()).containsExactly(JobEventType.STEP_STARTED, JobEventType.PROGRESS,
        JobEventType.STEP_STARTED, JobEventType.JOB_COMPLETED);
    List<Long> versions = onB.events().stream().map(e -> e.job().version()).toList();
    assertThat(versions).isSorted().doesNotHaveDuplicates();
    assertThat(onB.last().job()).isEqualTo(shared.find(job.id()).orElseThrow());
  }

  @Test
  void progressIsAnnouncedOncePerFlushNotPerUpdate() {
    Job job = startArticle();
    job.startStep("research");
    int before = bus.published;
    for (int i = 0; i < 100; i++) {
      job.advance(1);
    }
    a.tick(FLUSH);
    assertThat(bus.published - before).isEqualTo(1);
    a.tick(FLUSH);
    assertThat(bus.published - before).as("nothing new, nothing written, nothing announced").isEqualTo(1);
  }

  @Test
  void anOwnerSubscriberMissesNothingForGoodAcrossAGap() {
    RecordingListener mine = new RecordingListener();
    b.tracker.subscribe(JobFilter.owner("alice"), mine);
    Job before = startArticle();
    settle();
    assertThat(mine.types()).containsExactly(JobEventType.JOB_STARTED);

    // The bus loses everything for a while: a job seen before ends, a new one starts.
    before.complete();
    a.clock.advance(Duration.ofSeconds(1));
    b.clock.advance(Duration.ofSeconds(1));
    Job during = startArticle();
    bus.lose();
    settle();
    assertThat(mine.types()).as("nothing arrived during the gap").containsExactly(JobEventType.JOB_STARTED);

    bus.gap();
    settle();
    assertThat(mine.events()).anySatisfy(e -> {
      assertThat(e.job().id()).isEqualTo(before.id());
      assertThat(e.type()).isEqualTo(JobEventType.JOB_COMPLETED);
    });
    assertThat(mine.events()).anySatisfy(e -> assertThat(e.job().id()).isEqualTo(during.id()));
  }

  @Test
  void aNodeIgnoresItsOwnNoticesAndNeverRepeatsAVersion() {
    Job job = startArticle();
    RecordingListener onA = new RecordingListener();
    a.tracker.subscribe(job.id(), onA);
    RecordingListener onB = new RecordingListener();
    b.tracker.subscribe(job.id(), onB);
    job.startStep("research");
    settle();
    assertThat(onA.types()).containsExactly(JobEventType.STEP_STARTED);

    bus.gap(); // both re-read: nothing is newer than what they showed
    settle();
    assertThat(onA.types()).containsExactly(JobEventType.STEP_STARTED);
    assertThat(onB.types()).containsExactly(JobEventType.STEP_STARTED);
  }

  @Test
  void afterLostNoticesAResyncCatchesUp() {
    Job job = startArticle();
    RecordingListener onB = new RecordingListener();
    b.tracker.subscribe(job.id(), onB);
    job.startStep("research");
    job.complete();
    bus.lose();
    settle();
    assertThat(onB.types()).isEmpty();

    bus.gap();
    settle();
    assertThat(onB.types()).containsExactly(JobEventType.JOB_COMPLETED);
  }

  @Test
  void aCancelRequestOnTheOtherNodeReachesTheWorker() {
    Job job = startArticle();
    job.startStep("research");
    RecordingListener onA = new RecordingListener();
    a.tracker.subscribe(job.id(), onA);
    RecordingListener onB = new RecordingListener();
    b.tracker.subscribe(job.id(), onB);

    b.tracker.cancel(job.id(), "user left");
    settle();
    assertThat(job.isCancelRequested()).isTrue();
    assertThat(onA.types()).containsExactly(JobEventType.CANCEL_REQUESTED);
    assertThat(onA.last().job().cancelReason()).isEqualTo("user left");
    // b shows the request it recorded, then a's write of it (a's own version of the state) as progress
    assertThat(onB.types()).startsWith(JobEventType.CANCEL_REQUESTED).containsOnlyOnce(JobEventType.CANCEL_REQUESTED);

    job.cancelled();
    settle();
    assertThat(onA.last().type()).isEqualTo(JobEventType.JOB_CANCELLED);
    assertThat(onB.last().type()).isEqualTo(JobEventType.JOB_CANCELLED);
    assertThat(onB.events().stream().map(e -> e.job().version()).toList()).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void aSweepOnOneNodeIsSeenOnTheOthers() {
    TrackerHarness c = new TrackerHarness(shared, x -> x.nodeId("c").clusterBus(bus.node()));
    try {
      Job job = startArticle();
      job.startStep("research");
      RecordingListener onC = new RecordingListener();
      c.tracker.subscribe(job.id(), onC);
      // a dies: its housekeeping never runs again. b sweeps; c only hears of it.
      storeClock.advance(Duration.ofSeconds(31));
      b.tick(Duration.ofSeconds(31));
      c.clock.advance(Duration.ofSeconds(31));
      settle();
      c.deliver();
      assertThat(onC.types()).containsExactly(JobEventType.JOB_FAILED);
      assertThat(onC.last().job().status()).isEqualTo(JobStatus.FAILED);
    } finally {
      c.close();
    }
  }
}
