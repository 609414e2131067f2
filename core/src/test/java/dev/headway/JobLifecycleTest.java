package dev.headway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headway.testing.TrackerHarness;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobLifecycleTest {
  private final TrackerHarness h = new TrackerHarness();
  private final ProgressTracker tracker = h.tracker;

  @AfterEach
  void close() {
    h.close();
  }

  private static JobSpec article() {
    return JobSpec.builder("article", "alice").step("research", 1).step("writing", 2).step("seo", 1)
        .attribute("topic", "Solar").build();
  }

  @Test
  void weightedStepsRollUpAndTheJobCompletes() {
    Job job = tracker.start(article());
    JobSnapshot s = job.snapshot();
    assertThat(s.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(s.percent()).isZero();
    assertThat(s.steps()).extracting(StepSnapshot::status).containsOnly(StepStatus.PENDING);
    assertThat(s.id()).hasSize(22).matches("[A-Za-z0-9_-]+");
    assertThat(s.attributes()).containsEntry("topic", "Solar");

    job.startStep("research");
    job.message("Researching topic…");
    job.progress(1, 2);
    s = job.snapshot();
    assertThat(s.step()).isEqualTo("research");
    assertThat(s.message()).isEqualTo("Researching topic…");
    assertThat(s.step("research").percent()).isEqualTo(50);
    assertThat(s.step("research").done()).isEqualTo(1);
    assertThat(s.step("research").total()).isEqualTo(2);
    assertThat(s.percent()).isEqualTo(12.5);

    h.clock.advance(Duration.ofSeconds(3));
    job.startStep("writing");
    s = job.snapshot();
    assertThat(s.step("research").status()).isEqualTo(StepStatus.COMPLETED);
    assertThat(s.step("research").completedAt()).isEqualTo(h.clock.instant());
    assertThat(s.step("writing").status()).isEqualTo(StepStatus.RUNNING);
    assertThat(s.percent()).isEqualTo(25);

    job.progress(0.5);
    assertThat(job.snapshot().percent()).isEqualTo(50);

    job.complete("{\"articleId\":42}");
    s = job.snapshot();
    assertThat(s.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(s.percent()).isEqualTo(100);
    assertThat(s.result()).isEqualTo("{\"articleId\":42}");
    assertThat(s.completedAt()).isEqualTo(h.clock.instant());
    assertThat(s.elapsedMs()).isEqualTo(3000);
    assertThat(s.step("writing").status()).isEqualTo(StepStatus.COMPLETED);
    assertThat(s.step("seo").status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(s.eta()).isNull();
  }

  @Test
  void percentNeverMovesBackwards() {
    Job job = tracker.start(JobSpec.builder("import", "alice").build());
    job.progress(5, 10);
    assertThat(job.snapshot().percent()).isEqualTo(50);
    job.progress(5, 20);
    assertThat(job.snapshot().percent()).isEqualTo(50);
    job.progress(15, 20);
    assertThat(job.snapshot().percent()).isEqualTo(75);
  }

  @Test
  void jobWithoutStepsCountsUnitsOrFractions() {
    Job job = tracker.start(JobSpec.builder("import", "alice").total(40).build());
    job.advance(10);
    job.advance(2);
    JobSnapshot s = job.snapshot();
    assertThat(s.done()).isEqualTo(12);
    assertThat(s.total()).isEqualTo(40);
    assertThat(s.percent()).isEqualTo(30);
    assertThat(s.steps()).isEmpty();

    Job other = tracker.start(JobSpec.builder("import", "alice").build());
    other.progress(0.333);
    assertThat(other.snapshot().percent()).isEqualTo(33.3);
    assertThat(other.snapshot().done()).isNull();
  }

  @Test
  void failedAndSkippedStepsLetTheJobGoOn() {
    Job job = tracker.start(article());
    job.startStep("research");
    job.failStep("search API down");
    job.skipStep("seo");
    job.startStep("writing");
    JobSnapshot s = job.snapshot();
    assertThat(s.step("research").status()).isEqualTo(StepStatus.FAILED);
    assertThat(s.step("research").error()).isEqualTo("search API down");
    assertThat(s.step("seo").status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(s.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(s.percent()).as("failed and skipped steps count by the work they did: none").isEqualTo(0);
  }

  @Test
  void failRecordsMessageStepAndTimeAndKeepsThePercent() {
    Job job = tracker.start(article());
    job.startStep("research");
    job.progress(1, 2);
    h.clock.advance(Duration.ofSeconds(1));
    job.fail("model timed out", new IllegalStateException("timeout"));
    JobSnapshot s = job.snapshot();
    assertThat(s.status()).isEqualTo(JobStatus.FAILED);
    assertThat(s.error()).isEqualTo(new JobError("model timed out", "research", h.clock.instant()));
    assertThat(s.step("research").status()).isEqualTo(StepStatus.FAILED);
    assertThat(s.percent()).isEqualTo(12.5);

    Job other = tracker.start(article());
    other.fail(null, new IllegalArgumentException("bad topic"));
    assertThat(other.snapshot().error().message()).isEqualTo("java.lang.IllegalArgumentException: bad topic");
    assertThat(other.snapshot().error().step()).isNull();
  }

  @Test
  void leavingTryWithResourcesWithoutFinishingFailsTheJob() {
    String id;
    try (Job job = tracker.start(article())) {
      id = job.id();
      job.startStep("research");
    }
    JobSnapshot s = tracker.find(id).orElseThrow();
    assertThat(s.status()).isEqualTo(JobStatus.FAILED);
    assertThat(s.error().message()).isEqualTo("ended without completing");
    assertThat(s.error().step()).isEqualTo("research");

    String[] thrown = new String[1];
    assertThatThrownBy(() -> {
      try (Job job = tracker.start(article())) {
        thrown[0] = job.id();
        throw new IllegalStateException("worker bug");
      }
    }).hasMessage("worker bug");
    assertThat(tracker.find(thrown[0]).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
  }

  @Test
  void closingAFinishedJobChangesNothing() {
    Job job = tracker.start(article());
    job.complete();
    long version = job.snapshot().version();
    job.close();
    assertThat(job.snapshot().status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(job.snapshot().version()).isEqualTo(version);
  }

  @Test
  void cancellationIsCooperative() {
    Job started = tracker.start(article());
    String id = started.id();
    try (Job job = started) {
      job.startStep("research");
      assertThat(job.isCancelRequested()).isFalse();
      job.checkpoint();

      JobSnapshot requested = tracker.cancel(id, "user clicked cancel");
      assertThat(requested.cancelRequested()).isTrue();
      assertThat(requested.cancelReason()).isEqualTo("user clicked cancel");
      assertThat(requested.status()).isEqualTo(JobStatus.RUNNING);
      assertThat(job.isCancelRequested()).isTrue();
      assertThatThrownBy(job::checkpoint)
          .isInstanceOf(JobCancelledException.class)
          .hasMessageContaining("user clicked cancel")
          .satisfies(e -> assertThat(((JobCancelledException) e).jobId()).isEqualTo(id));
      job.checkpoint();
    } catch (JobCancelledException expected) {
      // The worker lets it propagate; close() acknowledges the cancel.
    }
    JobSnapshot s = tracker.find(id).orElseThrow();
    assertThat(s.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(s.step("research").status()).isEqualTo(StepStatus.SKIPPED);
    assertThatThrownBy(() -> tracker.cancel(id, null)).isInstanceOf(JobEndedException.class);
  }

  @Test
  void queuedJobStartsLaterOrCancelsAtOnce() {
    Job queued = tracker.start(JobSpec.builder("article", "alice").queued().build());
    assertThat(queued.snapshot().status()).isEqualTo(JobStatus.QUEUED);
    assertThat(queued.snapshot().startedAt()).isNull();
    assertThat(queued.snapshot().elapsedMs()).isNull();
    assertThatThrownBy(() -> queued.advance(1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("queued");
    h.clock.advance(Duration.ofSeconds(2));
    queued.start();
    assertThat(queued.snapshot().status()).isEqualTo(JobStatus.RUNNING);
    assertThat(queued.snapshot().startedAt()).isEqualTo(h.clock.instant());
    assertThatThrownBy(queued::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("already running");

    Job waiting = tracker.start(JobSpec.builder("article", "alice").queued().build());
    JobSnapshot cancelled = tracker.cancel(waiting.id(), "not needed");
    assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(h.store.find(waiting.id()).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
    assertThatThrownBy(waiting::start).isInstanceOf(JobEndedException.class);
  }

  @Test
  void aFinishedJobNeverComesBackToLife() {
    Job job = tracker.start(article());
    job.startStep("research");
    job.complete();
    assertThatThrownBy(() -> job.advance(1)).isInstanceOf(JobEndedException.class).hasMessageContaining("completed");
    assertThatThrownBy(() -> job.message("again")).isInstanceOf(JobEndedException.class);
    assertThatThrownBy(() -> job.startStep("seo")).isInstanceOf(JobEndedException.class);
    assertThatThrownBy(() -> job.fail("late")).isInstanceOf(JobEndedException.class);
    assertThatThrownBy(job::complete).isInstanceOf(JobEndedException.class);
    assertThatThrownBy(job::cancelled).isInstanceOf(JobEndedException.class);
    assertThat(job.snapshot().status()).isEqualTo(JobStatus.COMPLETED);
  }

  @Test
  void versionsGrowWithEveryChange() {
    Job job = tracker.start(article());
    long v1 = job.snapshot().version();
    assertThat(job.snapshot().version()).as("no change, same version").isEqualTo(v1);
    job.startStep("research");
    long v2 = job.snapshot().version();
    job.advance(0);
    job.message("x");
    long v3 = job.snapshot().version();
    job.complete();
    long v4 = job.snapshot().version();
    assertThat(v1).isLessThan(v2);
    assertThat(v2).isLessThan(v3);
    assertThat(v3).isLessThan(v4);
  }

  @Test
  void stalledTurnsOnWhenProgressStopsAndOffWhenItMoves() {
    Job job = tracker.start(JobSpec.builder("import", "alice").total(100).build());
    job.advance(1);
    h.tick(Duration.ofMillis(200)); // progress is noticed when it is flushed, within one flush interval
    h.tick(Duration.ofSeconds(10));
    assertThat(job.snapshot().stalled()).isFalse();
    h.tick(Duration.ofSeconds(25));
    assertThat(job.snapshot().stalled()).isTrue();
    assertThat(h.store.find(job.id()).orElseThrow().stalled()).as("the flag is persisted too").isTrue();
    job.advance(1);
    assertThat(job.snapshot().stalled()).isFalse();
  }

  @Test
  void exclusiveKeyAllowsOneActiveJobAndNamesIt() {
    JobSpec docs = JobSpec.builder("docs", "alice").exclusiveKey("docs:acme/api").build();
    Job first = tracker.start(docs);
    assertThatThrownBy(() -> tracker.start(docs))
        .isInstanceOf(ExclusiveKeyException.class)
        .hasMessageContaining(first.id())
        .satisfies(e -> assertThat(((ExclusiveKeyException) e).activeJobId()).isEqualTo(first.id()));
    first.complete();
    Job second = tracker.start(docs);
    assertThat(second.id()).isNotEqualTo(first.id());
  }

  @Test
  void listsByOwnerStatusTypeAndParent() {
    Job a = tracker.start(article());
    Job b = tracker.start(JobSpec.builder("course", "alice").build());
    Job c = tracker.start(JobSpec.builder("article", "bob").build());
    b.complete();
    assertThat(tracker.list(JobFilter.owner("alice"))).extracting(JobSnapshot::id).containsExactlyInAnyOrder(a.id(), b.id());
    assertThat(tracker.list(JobFilter.owner("alice").active())).extracting(JobSnapshot::id).containsExactly(a.id());
    assertThat(tracker.list(JobFilter.owner("alice").finished())).extracting(JobSnapshot::id).containsExactly(b.id());
    assertThat(tracker.list(JobFilter.all().withType("article"))).extracting(JobSnapshot::id)
        .containsExactlyInAnyOrder(a.id(), c.id());
  }

  @Test
  void findUnknownIsEmptyAndCancelUnknownThrows() {
    assertThat(tracker.find("nope")).isEmpty();
    assertThatThrownBy(() -> tracker.cancel("nope", null)).isInstanceOf(JobNotFoundException.class)
        .hasMessageContaining("nope");
  }

  @Test
  void defaultAccessPolicyLetsOnlyTheOwnerIn() {
    JobSnapshot s = tracker.start(article()).snapshot();
    AccessPolicy policy = tracker.accessPolicy();
    assertThat(policy.canRead("alice", s)).isTrue();
    assertThat(policy.canCancel("alice", s)).isTrue();
    assertThat(policy.canRead("bob", s)).isFalse();
    assertThat(policy.canCancel("bob", s)).isFalse();
    assertThat(policy.canRead(null, s)).isFalse();
  }

  @Test
  void closedTrackerRefusesNewJobs() {
    tracker.close();
    assertThatThrownBy(() -> tracker.start(article())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }
}
