package dev.headway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headway.testing.TrackerHarness;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every bad input is refused with an exception naming the problem, and leaves the job as it was. */
class BadInputTest {
  private final TrackerHarness h = new TrackerHarness();

  @AfterEach
  void close() {
    h.close();
  }

  private Job running() {
    Job job = h.tracker.start(JobSpec.builder("article", "alice").step("research", 1).step("writing", 2).build());
    job.startStep("research");
    job.progress(2, 4);
    return job;
  }

  @Test
  void badAmountsAreRefusedAndChangeNothing() {
    Job job = running();
    JobSnapshot before = job.snapshot();
    assertThatThrownBy(() -> job.advance(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    assertThatThrownBy(() -> job.advance(3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("above the total 4").hasMessageContaining("research");
    assertThatThrownBy(() -> job.progress(5, 4)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("done 5 is above total 4");
    assertThatThrownBy(() -> job.progress(-1, 4)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> job.progress(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> job.progress(1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> job.progress(-0.1)).isInstanceOf(IllegalArgumentException.class);
    JobSnapshot after = job.snapshot();
    assertThat(after.step("research").done()).isEqualTo(2);
    assertThat(after.percent()).isEqualTo(before.percent());
  }

  @Test
  void unknownStepIsNamed() {
    Job job = running();
    assertThatThrownBy(() -> job.startStep("publish")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no step 'publish'").hasMessageContaining("[research, writing]");
    assertThatThrownBy(() -> job.skipStep("publish")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> job.startStep("research")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("runs once");
  }

  @Test
  void progressWithoutARunningStepIsExplained() {
    Job job = h.tracker.start(JobSpec.builder("article", "alice").step("research", 1).build());
    assertThatThrownBy(() -> job.advance(1)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("startStep");
    assertThatThrownBy(job::completeStep).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no running step");
  }

  @Test
  void specsAreChecked() {
    assertThatThrownBy(() -> JobSpec.builder("", "alice").build()).hasMessageContaining("type must not be empty");
    assertThatThrownBy(() -> JobSpec.builder("article", " ").build()).hasMessageContaining("owner must not be empty");
    assertThatThrownBy(() -> JobSpec.builder("x".repeat(65), "alice").build())
        .hasMessageContaining("type is 65 characters; the limit is 64");
    assertThatThrownBy(() -> JobSpec.builder("article", "alice").step("a", 0).build())
        .hasMessageContaining("weight of step 'a' must be a finite number > 0, was 0.0");
    assertThatThrownBy(() -> JobSpec.builder("article", "alice").step("a", Double.NaN).build())
        .hasMessageContaining("weight");
    assertThatThrownBy(() -> JobSpec.builder("article", "alice").step("a", -1).build()).hasMessageContaining("weight");
    assertThatThrownBy(() -> JobSpec.builder("article", "alice").step("a", 1).step("a", 2).build())
        .hasMessageContaining("step 'a' is declared twice");
    assertThatThrownBy(() -> JobSpec.builder("article", "alice").total(-1).build()).hasMessageContaining("total");
    assertThatThrownBy(() -> JobSpec.builder("article", "alice").attribute("k", "v".repeat(1025)).build())
        .hasMessageContaining("attribute 'k' is 1025 characters");
  }

  @Test
  void oversizedTextIsRefusedButErrorTextIsCut() {
    Job job = running();
    assertThatThrownBy(() -> job.message("m".repeat(Limits.MAX_MESSAGE_LENGTH + 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("message is 2001 characters");
    assertThatThrownBy(() -> job.complete("{\"a\":")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("field 'result': not valid JSON");
    assertThatThrownBy(() -> job.complete("{} []")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("field 'result': more than one JSON value");
    assertThatThrownBy(() -> h.tracker.cancel(job.id(), "r".repeat(501)))
        .hasMessageContaining("cancel reason is 501 characters");
    assertThat(job.snapshot().status()).isEqualTo(JobStatus.RUNNING);

    job.fail("e".repeat(10_000));
    assertThat(job.snapshot().error().message()).hasSize(Limits.MAX_ERROR_LENGTH).endsWith("…");
  }

  @Test
  void builderSettingsAreCheckedAndGivenOnce() {
    assertThatThrownBy(() -> ProgressTracker.builder().flushInterval(Duration.ZERO))
        .hasMessageContaining("flushInterval must be positive");
    assertThatThrownBy(() -> ProgressTracker.builder().keepCompleted(Duration.ofSeconds(-1)))
        .hasMessageContaining("keepCompleted must not be negative");
    assertThatThrownBy(() -> ProgressTracker.builder().stallAfter(Duration.ofSeconds(1)).stallAfter(Duration.ofSeconds(2)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("stallAfter was already set");
  }

  @Test
  void filtersAreChecked() {
    assertThatThrownBy(() -> JobFilter.all().withLimit(0)).hasMessageContaining("limit must be within 1–1000");
    assertThatThrownBy(() -> h.tracker.subscribe(JobFilter.owner("alice").active(), e -> { }))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("status selection");
    assertThatThrownBy(() -> h.tracker.subscribe("nope", e -> { })).isInstanceOf(JobNotFoundException.class);
  }

  @Test
  void unknownParentIsNamed() {
    assertThatThrownBy(() -> h.tracker.start(JobSpec.builder("article", "alice").parent("ghost").build()))
        .isInstanceOf(JobNotFoundException.class).hasMessageContaining("ghost");
  }
}
