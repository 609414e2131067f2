package dev.headway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headway.testing.RecordingListener;
import dev.headway.testing.TrackerHarness;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SubscriptionTest {
  private final TrackerHarness h = new TrackerHarness();

  @AfterEach
  void close() {
    h.close();
  }

  private static JobSpec article(String owner) {
    return JobSpec.builder("article", owner).step("research", 1).step("writing", 2).build();
  }

  @Test
  void listenerGetsEveryStatusEventInVersionOrder() {
    Job job = h.tracker.start(article("alice"));
    RecordingListener listener = new RecordingListener();
    Subscription sub = h.tracker.subscribe(job.id(), listener);
    job.startStep("research");
    job.advance(1);
    job.message("hm");
    job.startStep("writing");
    h.tracker.cancel(job.id(), "stop");
    job.cancelled();
    h.deliver();
    // The progress was not pushed before the step change, so the step_completed snapshot carries it.
    assertThat(listener.types()).containsExactly(JobEventType.STEP_STARTED, JobEventType.STEP_COMPLETED,
        JobEventType.STEP_STARTED, JobEventType.CANCEL_REQUESTED, JobEventType.JOB_CANCELLED);
    assertThat(listener.events().get(1).job().message()).isEqualTo("hm");
    assertThat(listener.events().get(1).job().step("research").done()).isEqualTo(1);
    List<Long> versions = listener.events().stream().map(e -> e.job().version()).toList();
    assertThat(versions).isSorted().doesNotHaveDuplicates();
    assertThat(sub.isActive()).as("a job subscription ends after the terminal event").isFalse();
  }

  @Test
  void slowListenerGetsTheLatestProgressNotABacklog() {
    Job job = h.tracker.start(JobSpec.builder("import", "alice").total(1000).build());
    RecordingListener listener = new RecordingListener();
    h.tracker.subscribe(job.id(), listener);
    for (int i = 0; i < 1000; i++) {
      job.advance(1);
      if (i % 100 == 0) {
        job.snapshot(); // a reader builds versions in between; the mailbox merges them
      }
    }
    job.complete();
    h.deliver();
    assertThat(listener.types()).containsExactly(JobEventType.PROGRESS, JobEventType.JOB_COMPLETED);
    assertThat(listener.events().get(0).job().done()).as("the last progress built before the end").isEqualTo(901);
    assertThat(listener.last().job().done()).isEqualTo(1000);
  }

  @Test
  void ownerSubscriptionSeesNewJobsAndTheirEndsButNotOthers() {
    RecordingListener mine = new RecordingListener();
    Subscription sub = h.tracker.subscribe(JobFilter.owner("alice"), mine);
    Job a = h.tracker.start(article("alice"));
    Job b = h.tracker.start(article("bob"));
    a.complete();
    b.complete();
    Job queued = h.tracker.start(JobSpec.builder("article", "alice").queued().build());
    h.deliver();
    assertThat(mine.events()).allSatisfy(e -> assertThat(e.job().owner()).isEqualTo("alice"));
    assertThat(mine.types()).containsExactly(JobEventType.JOB_STARTED, JobEventType.JOB_COMPLETED,
        JobEventType.JOB_CREATED);
    assertThat(mine.last().job().id()).isEqualTo(queued.id());
    sub.close();
    h.tracker.start(article("alice"));
    h.deliver();
    assertThat(mine.events()).hasSize(3);
  }

  @Test
  void subscribingToAnEndedJobDeliversItsEndAtOnce() {
    Job job = h.tracker.start(article("alice"));
    job.complete();
    RecordingListener listener = new RecordingListener();
    Subscription sub = h.tracker.subscribe(job.id(), listener);
    h.deliver();
    assertThat(listener.types()).containsExactly(JobEventType.JOB_COMPLETED);
    assertThat(sub.isActive()).isFalse();
  }

  @Test
  void aThrowingListenerBreaksNobody() {
    Job job = h.tracker.start(article("alice"));
    h.tracker.subscribe(job.id(), e -> {
      throw new IllegalStateException("listener bug (expected in this test)");
    });
    RecordingListener healthy = new RecordingListener();
    h.tracker.subscribe(job.id(), healthy);
    job.startStep("research");
    job.complete();
    h.deliver();
    assertThat(healthy.types()).containsExactly(JobEventType.STEP_STARTED, JobEventType.JOB_COMPLETED);
    assertThat(job.snapshot().status()).isEqualTo(JobStatus.COMPLETED);
  }

  @Test
  void noProgressIsPushedWithoutListeners() {
    Job job = h.tracker.start(JobSpec.builder("import", "alice").total(100).build());
    job.advance(5);
    assertThat(h.executor.pending()).isZero();
    RecordingListener listener = new RecordingListener();
    h.tracker.subscribe(job.id(), listener);
    h.deliver();
    job.advance(5);
    assertThat(h.executor.pending()).isEqualTo(1);
    job.advance(5);
    assertThat(h.executor.pending()).as("one dispatch is queued however many updates").isEqualTo(1);
  }

  /** With real threads: a listener that blocks holds up neither the worker nor another listener. */
  @Test
  void aBlockedListenerDelaysNobody() throws Exception {
    ExecutorService pool = Executors.newCachedThreadPool();
    try {
      ProgressTracker tracker = ProgressTracker.builder().executor(pool).build();
      try {
        Job job = tracker.start(JobSpec.builder("import", "alice").total(1000).build());
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        tracker.subscribe(job.id(), e -> {
          blocked.countDown();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
          }
        });
        RecordingListener healthy = new RecordingListener();
        tracker.subscribe(job.id(), healthy);
        job.advance(1);
        assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 999; i++) {
          job.advance(1);
        }
        job.complete();
        JobEvent end = healthy.awaitTerminal(job.id(), Duration.ofSeconds(5));
        assertThat(end.job().done()).isEqualTo(1000);
        release.countDown();
      } finally {
        tracker.close();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void defaultExecutorDeliversOnItsOwnThreads() {
    try (ProgressTracker tracker = ProgressTracker.builder().build()) {
      Job job = tracker.start(article("alice"));
      String[] thread = new String[1];
      RecordingListener listener = new RecordingListener();
      tracker.subscribe(job.id(), e -> {
        thread[0] = Thread.currentThread().getName();
        listener.onEvent(e);
      });
      job.complete();
      listener.awaitTerminal(job.id(), Duration.ofSeconds(5));
      assertThat(thread[0]).startsWith("headway-listener-").isNotEqualTo(Thread.currentThread().getName());
    }
  }
}
