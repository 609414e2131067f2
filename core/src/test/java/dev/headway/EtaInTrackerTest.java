package dev.headway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headway.testing.TrackerHarness;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The tracker feeds the estimator with the store's history of completed jobs and shows its ETA. */
class EtaInTrackerTest {
  private final TrackerHarness h = new TrackerHarness();

  @AfterEach
  void close() {
    h.close();
  }

  private Job runArticle(int researchSeconds, int writingSeconds, boolean finish) {
    Job job = h.tracker.start(JobSpec.builder("article", "alice").step("research", 1).step("writing", 1).build());
    job.startStep("research");
    h.clock.advance(Duration.ofSeconds(researchSeconds));
    job.startStep("writing");
    if (finish) {
      h.clock.advance(Duration.ofSeconds(writingSeconds));
      job.complete();
    }
    return job;
  }

  @Test
  void etaComesFromHistoryAndIsNeverShownForEndedJobs() {
    Job first = runArticle(10, 30, false);
    // No history: research done in 10 s is half the job, which is all the signal there is.
    assertThat(first.snapshot().eta().confidence()).isEqualTo(Eta.Confidence.LOW);
    first.close();

    for (int i = 0; i < 3; i++) {
      runArticle(10, 30, true);
    }
    Job job = runArticle(10, 0, false);
    JobSnapshot s = job.snapshot();
    assertThat(s.eta()).isNotNull();
    assertThat(s.eta().remainingMs()).isBetween(20_000L, 40_000L);
    assertThat(s.eta().at()).isEqualTo(h.clock.instant().plusMillis(s.eta().remainingMs()));
    assertThat(s.eta().confidence()).isNotEqualTo(Eta.Confidence.LOW);

    job.complete();
    assertThat(job.snapshot().eta()).isNull();
  }
}
