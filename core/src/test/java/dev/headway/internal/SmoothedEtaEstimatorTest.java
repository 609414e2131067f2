package dev.headway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headway.Eta;
import dev.headway.Eta.Confidence;
import dev.headway.JobSnapshot;
import dev.headway.JobStatus;
import dev.headway.StepSnapshot;
import dev.headway.StepStatus;
import dev.headway.internal.EtaTraces.Family;
import dev.headway.internal.EtaTraces.Trace;
import dev.headway.spi.EtaEstimator;
import dev.headway.spi.EtaEstimator.JobEstimate;
import dev.headway.spi.JobRun;
import dev.headway.testing.SnapshotBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The default estimator's behaviour in small, hand-made cases; its accuracy on whole traces is {@link EtaSuiteTest}'s.
 * Deterministic: simulated time, no sleeping.
 */
class SmoothedEtaEstimatorTest {
  private static final Instant START = EtaTraces.START;

  private final EtaEstimator estimator = new SmoothedEtaEstimator();

  @Test
  void noEtaWithoutHistoryUntilTheFirstProgress() {
    JobEstimate estimate = estimator.begin(List.of());
    assertThat(estimate.estimate(running(0, START), START)).isNull();
    assertThat(estimate.estimate(running(0, START), START.plusSeconds(5))).isNull();
    // The first progress is as early as the naive estimate can speak: 2% in 10 s leaves about 490 s, unsure.
    Eta eta = estimate.estimate(running(2, START), START.plusSeconds(10));
    assertThat(eta.remainingMs()).isEqualTo(490_000L);
    assertThat(eta.confidence()).isEqualTo(Confidence.LOW);
    assertThat(eta.remainingMsLow()).isLessThan(400_000L);
    assertThat(eta.remainingMsHigh()).isGreaterThan(600_000L);
  }

  @Test
  void steadyLiveProgressBecomesMedium() {
    JobEstimate estimate = estimator.begin(List.of());
    Eta eta = null;
    for (int s = 1; s <= 30; s++) {
      eta = estimate.estimate(running(s, START), START.plusSeconds(s));
    }
    assertThat(eta.confidence()).isEqualTo(Confidence.MEDIUM);
    assertThat(eta.remainingMs()).isEqualTo(70_000L);
  }

  @Test
  void noEtaForAJobThatIsNotRunning() {
    List<JobRun> history = List.of(run(100), run(120), run(110));
    for (JobStatus status : JobStatus.values()) {
      if (status == JobStatus.RUNNING) {
        continue;
      }
      JobEstimate estimate = estimator.begin(history);
      estimate.estimate(running(50, START), START.plusSeconds(50));
      JobSnapshot ended = SnapshotBuilder.from(running(100, START)).status(status).build();
      assertThat(estimate.estimate(ended, START.plusSeconds(60))).as(status.name()).isNull();
    }
  }

  @Test
  void historyAloneGivesAMediumEta() {
    JobEstimate estimate = estimator.begin(List.of(run(100), run(130), run(110), run(500), run(90)));
    Instant now = START;
    Eta eta = estimate.estimate(running(0, now), now);
    assertThat(eta.confidence()).isEqualTo(Confidence.MEDIUM);
    assertThat(eta.remainingMs()).as("the median run, not the mean").isEqualTo(110_000L);
    assertThat(eta.at()).isEqualTo(now.plusSeconds(110));
  }

  @Test
  void historyForeseesASlowStepAhead() {
    List<JobRun> history = List.of(
        new JobRun(Duration.ofSeconds(480), Map.of("research", Duration.ofSeconds(60),
            "writing", Duration.ofSeconds(120), "seo", Duration.ofSeconds(300))));
    JobEstimate estimate = estimator.begin(history);
    Instant start = START;
    // Research done in 60 s, as in history: 25% after 60 s, yet 420 s are left, not 180 s.
    JobSnapshot job = SnapshotBuilder.job().startedAt(start).percent(25)
        .addStep(step("research", 1, StepStatus.COMPLETED, 100, start, start.plusSeconds(60)))
        .addStep(step("writing", 2, StepStatus.RUNNING, 0, start.plusSeconds(60), null))
        .addStep(step("seo", 1, StepStatus.PENDING, 0, null, null))
        .build();
    Eta eta = estimate.estimate(job, start.plusSeconds(60));
    assertThat(eta.remainingMs()).isEqualTo(420_000L);
    assertThat(eta.confidence()).isEqualTo(Confidence.MEDIUM);
  }

  @Test
  void aStepThatReportsNoProgressCountsDown() {
    List<JobRun> history = List.of(new JobRun(Duration.ofSeconds(180),
        Map.of("research", Duration.ofSeconds(60), "writing", Duration.ofSeconds(120))));
    JobEstimate estimate = estimator.begin(history);
    Instant start = START;
    JobSnapshot job = SnapshotBuilder.job().startedAt(start).percent(0)
        .addStep(step("research", 1, StepStatus.RUNNING, 0, start, null))
        .addStep(step("writing", 1, StepStatus.PENDING, 0, null, null))
        .build();
    assertThat(estimate.estimate(job, start).remainingMs()).isEqualTo(180_000L);
    assertThat(estimate.estimate(job, start.plusSeconds(30)).remainingMs()).isEqualTo(150_000L);
    // Overdue: history still expects a little of the step (a tenth), plus the steps after it: 126 s. With history the
    // end shown moves half of the way to a new estimate outside its band (90 s shown before, so 108 s), where it then
    // holds, 126 s being inside its band of noise.
    assertThat(estimate.estimate(job, start.plusSeconds(90)).remainingMs()).isEqualTo(108_000L);
    assertThat(estimate.estimate(job, start.plusSeconds(90)).remainingMs()).isEqualTo(108_000L);
  }

  @Test
  void liveProgressThatAgreesWithHistoryBecomesHigh() {
    Random rnd = new Random(42);
    List<JobRun> history = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      history.add(Family.UNEVEN_STEPS.history(rnd));
    }
    Trace trace = Family.UNEVEN_STEPS.generate(rnd);
    JobEstimate estimate = estimator.begin(history);
    List<Confidence> seen = new ArrayList<>();
    for (long t = 1_000; t < trace.durationMs(); t += 1_000) {
      seen.add(estimate.estimate(trace.at(t), START.plusMillis(t)).confidence());
    }
    assertThat(seen.get(0)).isEqualTo(Confidence.MEDIUM);
    assertThat(seen).contains(Confidence.HIGH);
  }

  @Test
  void historyWithoutStepsStillGivesEtas() {
    JobEstimate estimate = estimator.begin(List.of(run(200)));
    Instant start = START;
    JobSnapshot job = SnapshotBuilder.job().startedAt(start).percent(0)
        .addStep(step("research", 1, StepStatus.RUNNING, 0, start, null))
        .addStep(step("writing", 3, StepStatus.PENDING, 0, null, null))
        .build();
    Eta eta = estimate.estimate(job, start);
    assertThat(eta.remainingMs()).isEqualTo(200_000L);
    assertThat(eta.confidence()).isEqualTo(Confidence.MEDIUM);
  }

  @Test
  void aStallMakesTheEtaGrowWithoutExploding() {
    JobEstimate estimate = estimator.begin(List.of());
    Instant start = START;
    Eta before = null;
    for (int s = 1; s <= 50; s++) {
      before = estimate.estimate(running(s, start), start.plusSeconds(s));
    }
    assertThat(before.remainingMs()).isEqualTo(50_000L);
    // The end shown never comes closer while nothing moves: it stays, or moves later once the pause tells.
    Instant end = before.at();
    long previous = before.remainingMs();
    for (int s = 51; s <= 50 + 600; s += 10) {
      Eta eta = estimate.estimate(running(50, start), start.plusSeconds(s));
      assertThat(eta.at()).isAfterOrEqualTo(end);
      end = eta.at();
      previous = eta.remainingMs();
    }
    // Ten minutes without progress: about ten minutes more (less what the end shown is held back by, so it does not
    // move on every update), not days and not zero.
    assertThat(previous).isBetween(500_000L, 700_000L);
    // Progress goes on: the estimate comes back down, below the naive one (690 s for 90%: 77 s left), though not yet
    // to the pace before the pause (10 s): its forecasts from within the pause say little about which model is right.
    Eta after = null;
    for (int s = 651; s <= 690; s++) {
      after = estimate.estimate(running(50 + (s - 650), start), start.plusSeconds(s));
    }
    assertThat(after.remainingMs()).isLessThan(previous / 8).isLessThan(76_000L);
  }

  private static JobSnapshot running(double percent, Instant startedAt) {
    return SnapshotBuilder.job().startedAt(startedAt).percent(percent).build();
  }

  private static JobRun run(long seconds) {
    return new JobRun(Duration.ofSeconds(seconds), Map.of());
  }

  private static StepSnapshot step(String name, double weight, StepStatus status, double percent, Instant startedAt,
      Instant completedAt) {
    return new StepSnapshot(name, weight, status, percent, null, null, null, startedAt, completedAt, null);
  }
}
