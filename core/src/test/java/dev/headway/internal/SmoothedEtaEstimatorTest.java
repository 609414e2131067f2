package dev.headway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headway.Eta;
import dev.headway.Eta.Confidence;
import dev.headway.JobSnapshot;
import dev.headway.JobStatus;
import dev.headway.StepSnapshot;
import dev.headway.StepStatus;
import dev.headway.internal.EtaTrace.Family;
import dev.headway.spi.EtaEstimator;
import dev.headway.spi.EtaEstimator.JobEstimate;
import dev.headway.spi.JobRun;
import dev.headway.testing.SnapshotBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Proves the default estimator on synthetic traces: sampled every simulated second, with a history of earlier runs
 * of the same family, its error at 25, 50 and 75% progress is compared with the naive estimate
 * (elapsed / fraction − elapsed). Deterministic: seeded randomness, simulated time, no sleeping.
 */
class SmoothedEtaEstimatorTest {
  private static final double[] CHECKPOINTS = {0.25, 0.5, 0.75};
  private static final int SEEDS = 20;
  private static final int HISTORY_RUNS = 8;
  private static final long SAMPLE_MS = 1_000;

  private final EtaEstimator estimator = new SmoothedEtaEstimator();

  /** A family's traces: for each seed, earlier runs (the history) and the run to estimate. */
  private record Case(List<JobRun> history, EtaTrace trace) {}

  private static List<Case> cases(Family family, boolean perStepHistory) {
    List<Case> cases = new ArrayList<>();
    for (int seed = 1; seed <= SEEDS; seed++) {
      Random rnd = new Random(1_000L * family.ordinal() + seed);
      List<JobRun> history = new ArrayList<>();
      for (int i = 0; i < HISTORY_RUNS; i++) {
        history.add(family.generate(rnd).toRun(perStepHistory));
      }
      cases.add(new Case(history, family.generate(rnd)));
    }
    return cases;
  }

  /** Mean absolute error of the predicted end, in seconds, per checkpoint: [0] default, [1] naive. */
  private double[][] meanAbsoluteErrors(List<Case> cases, boolean withSteps) {
    double[][] sums = new double[2][CHECKPOINTS.length];
    for (Case c : cases) {
      JobEstimate estimate = estimator.begin(c.history());
      long end = c.trace().durationMs();
      int next = 0;
      for (long t = SAMPLE_MS; t < end && next < CHECKPOINTS.length; t += SAMPLE_MS) {
        JobSnapshot job = c.trace().at(t, withSteps);
        Instant now = EtaTrace.START.plusMillis(t);
        Eta eta = estimate.estimate(job, now);
        double fraction = job.percent() / 100;
        while (next < CHECKPOINTS.length && fraction >= CHECKPOINTS[next]) {
          assertThat(eta).as("ETA at %.0f%%", 100 * CHECKPOINTS[next]).isNotNull();
          double naiveRemaining = t / fraction - t;
          sums[0][next] += Math.abs(t + eta.remainingMs() - end) / 1000.0;
          sums[1][next] += Math.abs(t + naiveRemaining - end) / 1000.0;
          next++;
        }
      }
      assertThat(next).as("every checkpoint reached").isEqualTo(CHECKPOINTS.length);
    }
    for (double[] row : sums) {
      for (int i = 0; i < row.length; i++) {
        row[i] /= cases.size();
      }
    }
    return sums;
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  @Test
  void beatsTheNaiveEstimateOnEveryTraceFamily() {
    Map<Family, double[][]> results = new EnumMap<>(Family.class);
    for (Family family : Family.values()) {
      results.put(family, meanAbsoluteErrors(cases(family, true), true));
    }
    System.out.println("ETA mean absolute error of the predicted end, seconds (" + SEEDS + " seeds, "
        + HISTORY_RUNS + " runs of history each), default vs naive:");
    System.out.println(String.format(Locale.ROOT, "%-20s %17s %17s %17s %17s", "family", "25%", "50%", "75%",
        "mean"));
    results.forEach((family, mae) -> System.out.println(String.format(Locale.ROOT,
        "%-20s %7.1f vs %6.1f %7.1f vs %6.1f %7.1f vs %6.1f %7.1f vs %6.1f", family,
        mae[0][0], mae[1][0], mae[0][1], mae[1][1], mae[0][2], mae[1][2], mean(mae[0]), mean(mae[1]))));
    // Won at each checkpoint, not only on average.
    results.forEach((family, mae) -> {
      for (int c = 0; c < CHECKPOINTS.length; c++) {
        assertThat(mae[0][c]).as("default vs naive MAE on %s at checkpoint %d", family, c).isLessThan(mae[1][c]);
      }
    });
  }

  @Test
  void neverShowsZeroOrNegativeTimeOnAnySample() {
    List<String> bad = new ArrayList<>();
    long checked = 0;
    for (Family family : Family.values()) {
      for (boolean perStepHistory : new boolean[] {true, false}) {
        for (boolean withSteps : new boolean[] {true, false}) {
          for (Case c : cases(family, perStepHistory)) {
            for (List<JobRun> history : List.of(c.history(), List.<JobRun>of())) {
              JobEstimate estimate = estimator.begin(history);
              long end = c.trace().durationMs();
              for (long t = 0; t < end; t += SAMPLE_MS) {
                Instant now = EtaTrace.START.plusMillis(t);
                Eta eta = estimate.estimate(c.trace().at(t, withSteps), now);
                if (eta != null) {
                  checked++;
                  if (eta.remainingMs() < 1 || !eta.at().equals(now.plusMillis(eta.remainingMs()))) {
                    bad.add(family + " at " + t + " ms: " + eta);
                  }
                }
              }
            }
          }
        }
      }
    }
    assertThat(checked).isGreaterThan(100_000L);
    assertThat(bad).isEmpty();
  }

  @Test
  void noEtaWithoutHistoryUntilThereIsSignal() {
    JobEstimate estimate = estimator.begin(List.of());
    Instant start = EtaTrace.START;
    assertThat(estimate.estimate(running(0, start), start)).isNull();
    assertThat(estimate.estimate(running(0, start), start.plusSeconds(5))).isNull();
    assertThat(estimate.estimate(running(2, start), start.plusSeconds(10))).as("under 5%").isNull();
    assertThat(estimate.estimate(running(4, start), start.plusSeconds(20))).as("under 5%").isNull();
    Eta eta = estimate.estimate(running(6, start), start.plusSeconds(30));
    assertThat(eta).isNotNull();
    assertThat(eta.confidence()).isEqualTo(Confidence.LOW);
    // 6% in 30 s at a steady 0.2%/s: 94% left is about 470 s.
    assertThat(eta.remainingMs()).isBetween(400_000L, 550_000L);
  }

  @Test
  void oneSampleIsNotEnoughSignal() {
    JobEstimate estimate = estimator.begin(List.of());
    Instant start = EtaTrace.START;
    assertThat(estimate.estimate(running(0, start), start.plusSeconds(1))).isNull();
    assertThat(estimate.estimate(running(20, start), start.plusSeconds(10))).as("one sample").isNull();
    assertThat(estimate.estimate(running(40, start), start.plusSeconds(20))).isNotNull();
  }

  @Test
  void steadyLiveProgressBecomesMedium() {
    JobEstimate estimate = estimator.begin(List.of());
    Eta eta = null;
    for (int s = 1; s <= 30; s++) {
      eta = estimate.estimate(running(s, EtaTrace.START), EtaTrace.START.plusSeconds(s));
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
      estimate.estimate(running(50, EtaTrace.START), EtaTrace.START.plusSeconds(50));
      JobSnapshot ended = SnapshotBuilder.from(running(100, EtaTrace.START)).status(status).build();
      assertThat(estimate.estimate(ended, EtaTrace.START.plusSeconds(60))).as(status.name()).isNull();
    }
  }

  @Test
  void historyAloneGivesAMediumEta() {
    JobEstimate estimate = estimator.begin(List.of(run(100), run(130), run(110), run(500), run(90)));
    Instant now = EtaTrace.START;
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
    Instant start = EtaTrace.START;
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
    Instant start = EtaTrace.START;
    JobSnapshot job = SnapshotBuilder.job().startedAt(start).percent(0)
        .addStep(step("research", 1, StepStatus.RUNNING, 0, start, null))
        .addStep(step("writing", 1, StepStatus.PENDING, 0, null, null))
        .build();
    assertThat(estimate.estimate(job, start).remainingMs()).isEqualTo(180_000L);
    assertThat(estimate.estimate(job, start.plusSeconds(30)).remainingMs()).isEqualTo(150_000L);
    // Overdue: history still expects a little of the step (a tenth), plus the steps after it.
    assertThat(estimate.estimate(job, start.plusSeconds(90)).remainingMs()).isEqualTo(126_000L);
  }

  @Test
  void liveProgressThatAgreesWithHistoryIsHigh() {
    Random rnd = new Random(42);
    List<JobRun> history = new ArrayList<>();
    for (int i = 0; i < HISTORY_RUNS; i++) {
      history.add(Family.UNEVEN_STEPS.generate(rnd).toRun(true));
    }
    EtaTrace trace = Family.UNEVEN_STEPS.generate(rnd);
    JobEstimate estimate = estimator.begin(history);
    List<Confidence> seen = new ArrayList<>();
    for (long t = SAMPLE_MS; t < trace.durationMs(); t += SAMPLE_MS) {
      Eta eta = estimate.estimate(trace.at(t, true), EtaTrace.START.plusMillis(t));
      seen.add(eta.confidence());
    }
    assertThat(seen.get(0)).isEqualTo(Confidence.MEDIUM);
    assertThat(seen).contains(Confidence.HIGH).doesNotContain(Confidence.LOW);
  }

  @Test
  void historyWithoutStepsStillGivesEtas() {
    for (boolean withSteps : new boolean[] {true, false}) {
      double[][] mae = meanAbsoluteErrors(cases(Family.UNEVEN_STEPS, false), withSteps);
      System.out.println(String.format(Locale.ROOT,
          "history without steps, job %s steps: default %.1f / %.1f / %.1f s vs naive %.1f / %.1f / %.1f s",
          withSteps ? "with" : "without", mae[0][0], mae[0][1], mae[0][2], mae[1][0], mae[1][1], mae[1][2]));
      // Without per-step durations the slow last step cannot be foreseen; the estimate must still be no worse
      // than the naive one.
      assertThat(mean(mae[0])).isLessThanOrEqualTo(mean(mae[1]));
    }
    JobEstimate estimate = estimator.begin(List.of(run(200)));
    Instant start = EtaTrace.START;
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
    Instant start = EtaTrace.START;
    Eta before = null;
    for (int s = 1; s <= 50; s++) {
      before = estimate.estimate(running(s, start), start.plusSeconds(s));
    }
    assertThat(before.remainingMs()).isEqualTo(50_000L);
    long previous = before.remainingMs();
    for (int s = 51; s <= 50 + 600; s += 10) {
      Eta eta = estimate.estimate(running(50, start), start.plusSeconds(s));
      assertThat(eta.remainingMs()).isGreaterThanOrEqualTo(previous);
      previous = eta.remainingMs();
    }
    // Ten minutes without progress: about ten minutes more, not days and not zero.
    assertThat(previous).isBetween(600_000L, 700_000L);
    // Progress goes on: the estimate comes back down as the rate recovers (the step's average still remembers the
    // pause, so not all the way to the pace before it).
    Eta after = null;
    for (int s = 651; s <= 690; s++) {
      after = estimate.estimate(running(50 + (s - 650), start), start.plusSeconds(s));
    }
    assertThat(after.remainingMs()).isLessThan(previous / 10);
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
