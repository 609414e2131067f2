package dev.headway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headway.spi.JobStore;
import dev.headway.testing.MutableClock;
import dev.headway.testing.RecordingListener;
import dev.headway.testing.TrackerHarness;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Nodes share one store; a node that dies leaves active jobs whose heartbeat stops, and a live node ends them. The
 * "dead" node here is a tracker that is abandoned without {@code close()}: its housekeeping never runs again.
 */
class SweeperTest {
  /** The store's clock: liveness is judged by it alone, whatever the nodes' clocks say. */
  private final MutableClock storeClock = MutableClock.atEpoch();
  private final JobStore shared = JobStore.inMemory(storeClock);
  private final TrackerHarness a = new TrackerHarness(shared, b -> b.nodeId("a"));
  private final TrackerHarness b = new TrackerHarness(shared, b -> b.nodeId("b"));
  private final TrackerHarness c = new TrackerHarness(shared, b -> b.nodeId("c"));

  @AfterEach
  void close() {
    b.close();
    c.close();
  }

  /** Moves every node's clock; only the named nodes run their housekeeping. */
  private void tick(Duration d, TrackerHarness... alive) {
    storeClock.advance(d);
    a.clock.advance(d);
    b.clock.advance(d);
    c.clock.advance(d);
    for (TrackerHarness node : alive) {
      node.scheduler.runPeriodicTasks();
    }
  }

  @Test
  void aLiveNodeEndsTheJobsOfADeadOneOnce() {
    Job job = a.tracker.start(JobSpec.builder("docs", "alice").step("scan", 1).step("write", 1)
        .exclusiveKey("docs:acme/api").build());
    job.startStep("scan");
    RecordingListener local = new RecordingListener();
    a.tracker.subscribe(job.id(), local);
    for (int i = 0; i < 50; i++) {
      job.advance(1);
      a.deliver(); // progress versions a client of node a saw, never flushed
    }
    long lastSeenByAClient = local.last().job().version();

    RecordingListener onB = new RecordingListener();
    b.tracker.subscribe(JobFilter.owner("alice"), onB);
    RecordingListener onC = new RecordingListener();
    c.tracker.subscribe(JobFilter.owner("alice"), onC);

    tick(Duration.ofSeconds(29), b, c);
    assertThat(shared.find(job.id()).orElseThrow().status()).as("not stale yet").isEqualTo(JobStatus.RUNNING);

    tick(Duration.ofSeconds(6), b, c); // sweeps run once per heartbeat interval (5 s)
    b.deliver();
    c.deliver();
    JobSnapshot ended = shared.find(job.id()).orElseThrow();
    assertThat(ended.status()).isEqualTo(JobStatus.FAILED);
    assertThat(ended.error().message()).isEqualTo("worker stopped responding");
    assertThat(ended.error().step()).isEqualTo("scan");
    assertThat(ended.step("scan").status()).isEqualTo(StepStatus.FAILED);
    assertThat(ended.version()).as("crash-safe: above any version node a showed").isGreaterThan(lastSeenByAClient);

    List<JobEvent> failures = new java.util.ArrayList<>(onB.events());
    failures.addAll(onC.events());
    assertThat(failures).as("exactly one node announces it").hasSize(1);
    assertThat(failures.get(0).type()).isEqualTo(JobEventType.JOB_FAILED);

    Job again = b.tracker.start(JobSpec.builder("docs", "alice").exclusiveKey("docs:acme/api").build());
    assertThat(again.id()).as("the key was released").isNotEqualTo(job.id());
  }

  @Test
  void heartbeatsKeepALiveNodesJobsRunning() {
    Job queued = a.tracker.start(JobSpec.builder("docs", "alice").queued().build());
    Job running = a.tracker.start(JobSpec.builder("docs", "alice").build());
    for (int i = 0; i < 12; i++) {
      tick(Duration.ofSeconds(5), a, b);
    }
    assertThat(shared.find(running.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
    assertThat(shared.find(queued.id()).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
    assertThat(a.store.heartbeats.get())
        .as("one call per interval for all jobs, but none while their creation was a fresh sign of life")
        .isEqualTo(11);
  }

  @Test
  void anAbandonedJobThatWasAskedToCancelEndsCancelled() {
    Job job = a.tracker.start(JobSpec.builder("docs", "alice").build());
    tick(Duration.ofSeconds(1));
    // Node a is gone; the cancel reaches only the store.
    JobSnapshot requested = b.tracker.cancel(job.id(), "user gave up");
    assertThat(requested.cancelRequested()).isTrue();
    tick(Duration.ofSeconds(31), b);
    JobSnapshot ended = shared.find(job.id()).orElseThrow();
    assertThat(ended.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(ended.error()).isNull();
    assertThat(ended.cancelReason()).isEqualTo("user gave up");
  }
}
