package dev.headway.truth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headway.ActiveJobsOnClose;
import dev.headway.Job;
import dev.headway.JobEndedException;
import dev.headway.JobSnapshot;
import dev.headway.JobSpec;
import dev.headway.JobStatus;
import dev.headway.testing.Nodes;
import dev.headway.testing.TrackerHarness;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Closing a tracker while its jobs are still worked on: by default they end {@code FAILED} ("the server stopped")
 * before close returns, so nothing shows "running" after a clean shutdown; or they are left for another node's
 * sweeper, and nothing about them is written after close. Either way the worker is told to stop, and a job that
 * ended is never overwritten by it.
 */
class CloseTest {
  private final Nodes nodes = new Nodes();

  @AfterEach
  void close() {
    nodes.close();
  }

  private static Job startArticle(TrackerHarness node) {
    Job job = node.tracker.start(JobSpec.builder("article", "alice").step("research", 1).step("writing", 2).build());
    job.startStep("research");
    return job;
  }

  @Test
  void activeJobsEndFailedWithAClearErrorAndTheWorkerStops() {
    TrackerHarness a = nodes.node("a", x -> x);
    Job job = startArticle(a);
    job.advance(3);
    a.tracker.close();

    JobSnapshot stored = nodes.store.find(job.id()).orElseThrow();
    assertThat(stored.status()).isEqualTo(JobStatus.FAILED);
    assertThat(stored.error().message()).isEqualTo(ActiveJobsOnClose.STOPPED);
    assertThat(stored.error().step()).isEqualTo("research");
    assertThat(job.isCancelRequested()).isTrue();
    assertThatThrownBy(job::complete).isInstanceOf(JobEndedException.class);
    assertThat(nodes.store.find(job.id()).orElseThrow()).as("never overwritten").isEqualTo(stored);
  }

  @Test
  void leftJobsAreNotWrittenAfterCloseAndAnotherNodeSweepsThem() {
    TrackerHarness a = nodes.node("a", x -> x.activeJobsOnClose(ActiveJobsOnClose.LEAVE));
    TrackerHarness b = nodes.node("b", x -> x);
    Job job = startArticle(a);
    job.advance(3);
    a.tracker.close();
    JobSnapshot left = nodes.store.find(job.id()).orElseThrow();
    assertThat(left.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(left.steps().get(0).done()).as("pending progress was flushed first").isEqualTo(3);
    assertThat(job.isCancelRequested()).isTrue();
    assertThatThrownBy(job::complete).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");

    nodes.tick(Duration.ofSeconds(1), 40, b);
    JobSnapshot swept = nodes.store.find(job.id()).orElseThrow();
    assertThat(swept.status()).isEqualTo(JobStatus.FAILED);
    assertThat(swept.error().message()).isEqualTo("worker stopped responding");
  }

  @Test
  void closeWaitsForAHousekeepingRunInsteadOfInterruptingIt() throws Exception {
    TrackerHarness a = nodes.node("a", x -> x);
    Job job = startArticle(a);
    java.util.concurrent.CountDownLatch inWrite = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    a.store.onUpdate(() -> {
      inWrite.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        throw new AssertionError("the write was interrupted", e);
      }
    });
    job.advance(1);
    Thread housekeeping = new Thread(() -> a.tick(Duration.ofSeconds(1)));
    housekeeping.start();
    assertThat(inWrite.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    Thread closer = new Thread(a.tracker::close);
    closer.start();
    release.countDown();
    closer.join(10_000);
    housekeeping.join(10_000);
    assertThat(closer.isAlive()).isFalse();
    assertThat(nodes.store.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
  }
}
