package dev.headway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headway.testing.RecordingListener;
import dev.headway.testing.TrackerHarness;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Progress is written in batches; status changes before the call returns; ended jobs leave memory, not the store. */
class WriteBehindTest {
  private final TrackerHarness h = new TrackerHarness(b -> b
      .keepCompleted(Duration.ofSeconds(30)).keepFailed(Duration.ofSeconds(60)).retention(Duration.ofDays(7)));

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void progressIsCoalescedIntoOneWritePerFlush() {
    Job job = h.tracker.start(JobSpec.builder("import", "alice").total(100_000).build());
    int before = h.store.updateCalls.get();
    for (int i = 0; i < 100_000; i++) {
      job.advance(1);
    }
    assertThat(h.store.updateCalls.get()).as("the hot path does no I/O").isEqualTo(before);
    assertThat(h.store.find(job.id()).orElseThrow().done()).isEqualTo(0);
    h.tick(Duration.ofMillis(200));
    assertThat(h.store.updateCalls.get()).isEqualTo(before + 1);
    assertThat(h.store.find(job.id()).orElseThrow().done()).isEqualTo(100_000);
    h.tick(Duration.ofMillis(200));
    assertThat(h.store.updateCalls.get()).as("nothing changed, nothing written").isEqualTo(before + 1);
  }

  @Test
  void oneBatchCarriesEveryChangedJob() {
    Job a = h.tracker.start(JobSpec.builder("import", "alice").total(10).build());
    Job b = h.tracker.start(JobSpec.builder("import", "alice").total(10).build());
    h.tracker.start(JobSpec.builder("import", "alice").total(10).build());
    a.advance(1);
    b.advance(1);
    int calls = h.store.updateCalls.get();
    int rows = h.store.updatedRows.get();
    h.tick(Duration.ofMillis(200));
    assertThat(h.store.updateCalls.get()).isEqualTo(calls + 1);
    assertThat(h.store.updatedRows.get()).isEqualTo(rows + 2);
  }

  @Test
  void aLargeFlushGoesOutInChunksSoTheFirstJobsDoNotWaitForTheLast() {
    java.util.List<Job> jobs = new java.util.ArrayList<>();
    for (int i = 0; i < 450; i++) {
      jobs.add(h.tracker.start(JobSpec.builder("import", "alice").total(10).build()));
    }
    jobs.forEach(j -> j.advance(1));
    int calls = h.store.updateCalls.get();
    int rows = h.store.updatedRows.get();
    h.tick(Duration.ofMillis(200));
    assertThat(h.store.updateCalls.get() - calls).as("chunks of 200").isEqualTo(3);
    assertThat(h.store.updatedRows.get() - rows).as("still one write per job").isEqualTo(450);
    assertThat(jobs).allSatisfy(j -> assertThat(h.store.find(j.id()).orElseThrow().done()).isEqualTo(1));
  }

  @Test
  void statusChangesAreDurableBeforeTheCallReturns() {
    Job job = h.tracker.start(JobSpec.builder("article", "alice").step("research", 1).build());
    assertThat(h.store.find(job.id())).isPresent();
    job.startStep("research");
    assertThat(h.store.find(job.id()).orElseThrow().step("research").status()).isEqualTo(StepStatus.RUNNING);
    job.complete();
    assertThat(h.store.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
  }

  @Test
  void endedJobsLeaveMemoryButStayFindable() {
    Job done = h.tracker.start(JobSpec.builder("article", "alice").build());
    Job failed = h.tracker.start(JobSpec.builder("article", "alice").build());
    done.complete();
    failed.fail("boom");
    int finds = h.store.finds.get();
    h.tick(Duration.ofSeconds(29));
    h.tracker.find(done.id());
    assertThat(h.store.finds.get()).as("still served from memory").isEqualTo(finds);
    h.tick(Duration.ofSeconds(2));
    assertThat(h.tracker.find(done.id()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(h.store.finds.get()).as("evicted: read from the store").isEqualTo(finds + 1);
    assertThat(h.tracker.find(failed.id())).isPresent();
    assertThat(h.store.finds.get()).as("failed jobs stay longer").isEqualTo(finds + 1);
    h.tick(Duration.ofSeconds(30));
    assertThat(h.tracker.find(failed.id()).orElseThrow().error().message()).isEqualTo("boom");
    assertThat(h.store.finds.get()).isEqualTo(finds + 2);
  }

  @Test
  void retentionDeletesOldEndedJobsFromTheStore() {
    Job job = h.tracker.start(JobSpec.builder("article", "alice").build());
    job.complete();
    Job running = h.tracker.start(JobSpec.builder("article", "alice").build());
    h.tick(Duration.ofDays(7).plusMinutes(2));
    assertThat(h.tracker.find(job.id())).isEmpty();
    assertThat(h.tracker.find(running.id())).isPresent();
  }

  @Test
  void anOutageKeepsProgressInMemoryBacksOffAndLosesNothing() {
    try (TrackerHarness outage = new TrackerHarness(b -> b.statusWriteTimeout(Duration.ofMillis(50)))) {
      Job job = outage.tracker.start(JobSpec.builder("import", "alice").total(100).build());
      RecordingListener listener = new RecordingListener();
      outage.tracker.subscribe(job.id(), listener);
      job.advance(10);
      // Simulated: the in-memory store cannot go down for real.
      outage.store.failWith(new IllegalStateException("store down (simulated)"));
      int before = outage.store.updateCalls.get();
      for (int i = 0; i < 20; i++) {
        job.advance(1);
        outage.tick(Duration.ofMillis(200));
      }
      outage.deliver();
      assertThat(listener.last().job().done()).as("subscribers still get progress").isEqualTo(30);
      assertThat(outage.store.updateCalls.get() - before)
          .as("20 intervals of outage cost far fewer attempts thanks to the backoff").isLessThanOrEqualTo(5);
      assertThatThrownBy(job::complete).isInstanceOf(HeadwayException.class)
          .hasMessageContaining("completed in memory").hasMessageContaining("stays queued");
      outage.deliver();
      assertThat(listener.last().type()).as("an end is shown only once the store holds it")
          .isEqualTo(JobEventType.PROGRESS);
      assertThat(outage.tracker.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);

      outage.store.failWith(null);
      outage.tick(Duration.ofSeconds(30));
      JobSnapshot stored = outage.store.find(job.id()).orElseThrow();
      assertThat(stored.status()).isEqualTo(JobStatus.COMPLETED);
      assertThat(stored.done()).isEqualTo(30);
      outage.deliver();
      assertThat(listener.last().type()).isEqualTo(JobEventType.JOB_COMPLETED);
    }
  }

  @Test
  void aStatusChangeWaitsBoundedlyForTheStore() {
    try (TrackerHarness slow = new TrackerHarness(b -> b.statusWriteTimeout(Duration.ofMillis(50)))) {
      Job job = slow.tracker.start(JobSpec.builder("import", "alice").build());
      slow.store.failWith(new IllegalStateException("store down (simulated)"));
      int before = slow.store.updateCalls.get();
      assertThatThrownBy(job::complete).isInstanceOf(HeadwayException.class).hasMessageContaining("PT0.05S");
      assertThat(slow.store.updateCalls.get() - before).as("tried").isGreaterThanOrEqualTo(1);
      slow.store.failWith(null);
      slow.tick(Duration.ofSeconds(1));
      assertThat(slow.store.find(job.id()).orElseThrow().status()).as("the queued end lands")
          .isEqualTo(JobStatus.COMPLETED);
    }
  }

  @Test
  void closeFlushesPendingProgress() {
    Job job = h.tracker.start(JobSpec.builder("import", "alice").total(100).build());
    job.advance(42);
    h.tracker.close();
    assertThat(h.store.find(job.id()).orElseThrow().done()).isEqualTo(42);
  }
}
