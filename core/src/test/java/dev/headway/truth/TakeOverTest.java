package dev.headway.truth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headway.ExclusiveKeyException;
import dev.headway.Job;
import dev.headway.JobEndedException;
import dev.headway.JobEventType;
import dev.headway.JobSnapshot;
import dev.headway.JobSpec;
import dev.headway.JobStatus;
import dev.headway.JobTakenOverException;
import dev.headway.testing.Nodes;
import dev.headway.testing.RecordingListener;
import dev.headway.testing.TrackerHarness;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node that stops giving signs of life (paused, cut off) while its worker goes on: another node ends its jobs,
 * and from then on the store's truth wins. The paused node's late writes are refused, its worker learns it, its
 * subscribers are shown the stored end, and its exclusive keys are never held twice.
 */
class TakeOverTest {
  private static final Duration SECOND = Duration.ofSeconds(1);
  private static final String KEY = "docs:acme/api";

  private final Nodes nodes = new Nodes();
  private final TrackerHarness a = nodes.node("a", UnaryOperator.identity());
  private final TrackerHarness b = nodes.node("b", UnaryOperator.identity());

  @AfterEach
  void close() {
    nodes.close();
  }

  private Job startDocs(TrackerHarness node) {
    return node.tracker.start(JobSpec.builder("docs", "alice").step("scan", 1).step("write", 1)
        .exclusiveKey(KEY).build());
  }

  /** Node a is paused for 40 s: its housekeeping does not run, b's does; b sweeps a's job. */
  private Job sweptWhilePaused(RecordingListener onA) {
    Job job = startDocs(a);
    job.startStep("scan");
    a.tracker.subscribe(job.id(), onA);
    nodes.tick(SECOND, 40, b);
    assertThat(nodes.store.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
    return job;
  }

  @Test
  void aPausedNodesCompletionIsRefusedAndItsWorkerLearnsWhoEndedTheJob() {
    RecordingListener onA = new RecordingListener();
    Job job = sweptWhilePaused(onA);
    Job successor = startDocs(b);

    assertThatThrownBy(job::complete).isInstanceOf(JobTakenOverException.class)
        .hasMessageContaining(job.id()).hasMessageContaining("node b")
        .hasMessageContaining("worker stopped responding").hasMessageContaining("node a");
    assertThat(job.isCancelRequested()).as("the work stops").isTrue();

    JobSnapshot stored = nodes.store.find(job.id()).orElseThrow();
    assertThat(stored.status()).as("ended means ended").isEqualTo(JobStatus.FAILED);
    assertThat(a.tracker.find(job.id()).orElseThrow()).as("node a shows the store's truth").isEqualTo(stored);
    a.deliver();
    assertThat(onA.types()).doesNotContain(JobEventType.JOB_COMPLETED).endsWith(JobEventType.JOB_FAILED);
    assertThat(onA.last().job()).isEqualTo(stored);

    assertThatThrownBy(job::complete).isInstanceOf(JobEndedException.class);
    assertThatThrownBy(() -> job.advance(1)).isInstanceOf(JobEndedException.class);
    assertThatThrownBy(() -> b.tracker.start(JobSpec.builder("docs", "bob").exclusiveKey(KEY).build()))
        .as("the key is held once: by the successor").isInstanceOf(ExclusiveKeyException.class)
        .hasMessageContaining(successor.id());
  }

  @Test
  void aPausedNodesProgressFlushAlsoLearnsItWithoutAStatusCall() {
    RecordingListener onA = new RecordingListener();
    Job job = sweptWhilePaused(onA);
    job.advance(1);
    nodes.tick(SECOND, 1, a, b); // a resumes; its flush carries the progress
    assertThat(job.isCancelRequested()).isTrue();
    assertThat(nodes.store.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
    assertThatThrownBy(job::checkpoint).hasMessageContaining(job.id());
  }

  @Test
  void aResumedNodeKeepsHeartbeatingNothingItLost() {
    Job job = sweptWhilePaused(new RecordingListener());
    job.advance(1);
    nodes.tick(SECOND, 60, a, b);
    JobSnapshot stored = nodes.store.find(job.id()).orElseThrow();
    assertThat(stored.status()).isEqualTo(JobStatus.FAILED);
    assertThat(stored.error().message()).isEqualTo("worker stopped responding");
  }
}
