package dev.headway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retrying a failed or cancelled job: a linked attempt that carries the completed steps, started by the host. */
class RetryTest {
  /** Attempts the handler was given; the test plays the host's worker. */
  private final List<Job> handed = new CopyOnWriteArrayList<>();
  private final ProgressTracker tracker = ProgressTracker.builder()
      .retryHandler("article", (attempt, previous) -> handed.add(attempt))
      .retryHandler("broken", (attempt, previous) -> {
        throw new IllegalStateException("queue is down");
      })
      .build();

  @AfterEach
  void close() {
    tracker.close();
  }

  private static JobSpec article() {
    return JobSpec.builder("article", "alice").tenant("acme").attribute("topic", "solar")
        .step("research", 1).step("writing", 2).step("seo", 1).build();
  }

  /** A job that completed research (with a result) and failed in writing. */
  private Job failedInWriting() {
    Job job = tracker.start(article());
    job.startStep("research");
    job.completeStep("{\"sources\":[\"a\",\"b\"]}");
    job.startStep("writing");
    job.fail("model refused");
    return job;
  }

  @Test
  void anAttemptIsLinkedAndCarriesTheCompletedStepsWithTheirResults() {
    Job failed = failedInWriting();

    JobSnapshot attempt = tracker.retry(failed.id(), "alice");

    assertThat(attempt.id()).isNotEqualTo(failed.id());
    assertThat(attempt.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(attempt.attempt()).isEqualTo(2);
    assertThat(attempt.retryOf()).isEqualTo(failed.id());
    assertThat(attempt.owner()).isEqualTo("alice");
    assertThat(attempt.tenant()).isEqualTo("acme");
    assertThat(attempt.attributes()).containsEntry("topic", "solar");
    StepSnapshot research = attempt.step("research");
    assertThat(research.status()).isEqualTo(StepStatus.COMPLETED);
    assertThat(research.carriedOver()).isTrue();
    assertThat(research.result()).isEqualTo("{\"sources\":[\"a\",\"b\"]}");
    assertThat(attempt.step("writing").status()).isEqualTo(StepStatus.PENDING);
    assertThat(attempt.step("seo").status()).isEqualTo(StepStatus.PENDING);
    assertThat(attempt.percent()).as("research is a quarter of the work").isEqualTo(25);

    Job worker = handed.get(0);
    assertThat(worker.id()).isEqualTo(attempt.id());
    assertThat(worker.isStepDone("research")).isTrue();
    assertThat(worker.stepResult("research")).contains("{\"sources\":[\"a\",\"b\"]}");
    assertThat(worker.isStepDone("writing")).isFalse();
    assertThat(worker.stepResult("writing")).isEmpty();
  }

  @Test
  void aWorkerThatSkipsDoneStepsFinishesTheAttemptAndItsRetryIsAttemptThree() {
    Job failed = failedInWriting();
    tracker.retry(failed.id(), "alice");
    Job second = handed.get(0);
    second.startStep("writing");
    second.fail("timeout");

    JobSnapshot third = tracker.retry(second.id(), "alice");

    assertThat(third.attempt()).isEqualTo(3);
    assertThat(third.retryOf()).isEqualTo(second.id());
    Job worker = handed.get(1);
    for (String step : List.of("writing", "seo")) {
      if (!worker.isStepDone(step)) {
        worker.startStep(step);
        worker.completeStep();
      }
    }
    worker.complete("{\"ok\":true}");
    JobSnapshot done = tracker.find(worker.id()).orElseThrow();
    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(done.step("research").carriedOver()).isTrue();
    assertThat(done.step("writing").carriedOver()).isFalse();
  }

  @Test
  void aWorkerThatIgnoresCarriedStepsRunsThemAgain() {
    Job failed = failedInWriting();
    tracker.retry(failed.id(), "alice");
    Job worker = handed.get(0);

    worker.startStep("research");

    StepSnapshot research = worker.snapshot().step("research");
    assertThat(research.status()).isEqualTo(StepStatus.RUNNING);
    assertThat(research.carriedOver()).isFalse();
    assertThat(research.result()).isNull();
    assertThat(worker.isStepDone("research")).isFalse();
  }

  @Test
  void aSecondRetryWhileTheAttemptRunsGetsThatAttempt() {
    Job failed = failedInWriting();

    JobSnapshot first = tracker.retry(failed.id(), "alice");
    JobSnapshot second = tracker.retry(failed.id(), "alice");

    assertThat(second.id()).isEqualTo(first.id());
    assertThat(handed).hasSize(1);
  }

  @Test
  void theAttemptHoldsTheJobsExclusiveKey() {
    Job failed = tracker.start(JobSpec.builder("article", "alice").exclusiveKey("docs:acme").build());
    failed.fail("boom");
    Job other = tracker.start(JobSpec.builder("article", "alice").exclusiveKey("docs:acme").build());

    assertThatThrownBy(() -> tracker.retry(failed.id(), "alice"))
        .isInstanceOfSatisfying(RetryRefusedException.class,
            e -> assertThat(e.reason()).isEqualTo(RetryRefusedException.Reason.KEY_BUSY))
        .hasMessageNotContaining(other.id());

    other.complete();
    JobSnapshot attempt = tracker.retry(failed.id(), "alice");
    assertThat(attempt.exclusiveKey()).isEqualTo("docs:acme");
    assertThatThrownBy(() -> tracker.start(JobSpec.builder("article", "bob").exclusiveKey("docs:acme").build()))
        .isInstanceOf(ExclusiveKeyException.class);
  }

  @Test
  void onlyFailedOrCancelledJobsOfARetryableTypeAreRetried() {
    Job running = tracker.start(article());
    Job completed = tracker.start(article());
    completed.complete();
    Job untyped = tracker.start(JobSpec.builder("report", "alice").build());
    untyped.fail("boom");

    assertThat(reason(running.id())).isEqualTo(RetryRefusedException.Reason.ACTIVE);
    assertThat(reason(completed.id())).isEqualTo(RetryRefusedException.Reason.COMPLETED);
    assertThat(reason(untyped.id())).isEqualTo(RetryRefusedException.Reason.NO_HANDLER);
    Job cancelled = tracker.start(article());
    cancelled.cancelled();
    assertThat(tracker.retry(cancelled.id(), "alice").retryOf()).isEqualTo(cancelled.id());
  }

  private RetryRefusedException.Reason reason(String id) {
    try {
      tracker.retry(id, "alice");
    } catch (RetryRefusedException e) {
      return e.reason();
    }
    throw new AssertionError("retry of " + id + " was not refused");
  }

  @Test
  void othersAndUnknownJobsLookTheSame() {
    Job failed = failedInWriting();

    assertThatThrownBy(() -> tracker.retry(failed.id(), "bob")).isInstanceOf(JobNotFoundException.class);
    assertThatThrownBy(() -> tracker.retry(failed.id(), null)).isInstanceOf(JobNotFoundException.class);
    assertThatThrownBy(() -> tracker.retry("no-such-job", "alice")).isInstanceOf(JobNotFoundException.class);
    assertThat(handed).isEmpty();
  }

  @Test
  void aHandlerThatThrowsLeavesTheAttemptFailed() {
    Job broken = tracker.start(JobSpec.builder("broken", "alice").build());
    broken.fail("boom");

    JobSnapshot attempt = tracker.retry(broken.id(), "alice");

    assertThat(attempt.status()).isEqualTo(JobStatus.FAILED);
    assertThat(attempt.error().message()).contains("the retry handler failed", "queue is down");
    assertThat(tracker.retry(attempt.id(), "alice").attempt()).as("and it can be retried in turn").isEqualTo(3);
  }

  @Test
  void aHandlerIsRegisteredOncePerType() {
    ProgressTracker.Builder builder = ProgressTracker.builder().retryHandler("a", (attempt, previous) -> { });

    assertThatThrownBy(() -> builder.retryHandler("a", (attempt, previous) -> { }))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("retryHandler for type 'a'");
    assertThatThrownBy(() -> builder.retryHandler("", (attempt, previous) -> { }))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aStepResultMustBeJson() {
    Job job = tracker.start(article());
    job.startStep("research");
    List<String> bad = new ArrayList<>(List.of("not json", "{\"a\":"));

    for (String result : bad) {
      assertThatThrownBy(() -> job.completeStep(result)).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(job.snapshot().step("research").status()).isEqualTo(StepStatus.RUNNING);
  }

  @Test
  void aChildOfAnActiveBulkJobStaysItsChildAndOneOfAnEndedOneStandsAlone() {
    Job bulk = tracker.start(JobSpec.builder("bulk", "alice").build());
    Job child = bulk.startChild(JobSpec.builder("article", "alice").build());
    child.fail("boom");

    assertThat(tracker.retry(child.id(), "alice").parentId()).isEqualTo(bulk.id());
    handed.get(0).complete();
    bulk.sealChildren();
    assertThat(tracker.find(bulk.id()).orElseThrow().isFinished()).isTrue();

    assertThat(tracker.retry(child.id(), "alice").parentId()).isNull();
  }

  @Test
  void aChildOfASealedActiveBulkJobIsNotRetriedIntoIt() {
    Job bulk = tracker.start(JobSpec.builder("bulk", "alice").expectedChildren(2).build());
    Job failed = bulk.startChild(JobSpec.builder("article", "alice").build());
    bulk.startChild(JobSpec.builder("article", "alice").build()); // the second of two: sealed, still running
    failed.fail("boom");

    assertThat(reason(failed.id())).isEqualTo(RetryRefusedException.Reason.PARENT_CLOSED);
  }

  @Test
  void aClosedTrackerRetriesNothing() {
    Job failed = failedInWriting();
    tracker.close();

    assertThatThrownBy(() -> tracker.retry(failed.id(), "alice")).isInstanceOf(IllegalStateException.class);
  }
}
