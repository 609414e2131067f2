package dev.headway.internal;

import static dev.headway.internal.EtaReplay.EMA;
import static dev.headway.internal.EtaReplay.NAIVE;
import static dev.headway.internal.EtaReplay.OURS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.headway.Eta;
import dev.headway.Eta.Confidence;
import dev.headway.internal.EtaReplay.Published;
import dev.headway.internal.EtaReplay.Run;
import dev.headway.internal.EtaSuite.Calibration;
import dev.headway.internal.EtaSuite.Errors;
import dev.headway.internal.EtaSuite.Result;
import dev.headway.internal.EtaTraces.Family;
import dev.headway.spi.EtaEstimator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The guarantees of the default estimator on the trace suite ({@link EtaSuite}), per family, with and without
 * history. Deterministic: seeded traces, simulated time; the margins below hold for these seeds, not by luck of a run.
 * Prints the table that BENCHMARKS.md shows.
 */
class EtaSuiteTest {
  /** Slack for "not worse than both baselines" at a checkpoint: seconds, and a share of the time left. */
  private static final double SLACK_S = 2;
  private static final double SLACK_REL = 0.02;
  /** ... or this share of the baseline's error, whichever is more. */
  private static final double SLACK_SHARE = 0.02;
  /** Over a family's checkpoints, the mean relative error is at most this many times the better baseline's... */
  private static final double NEAR_BEST = 1.5;
  /** ... plus this share of the time left. */
  private static final double NEAR_BEST_SLACK = 0.03;
  /** The predicted end moves at most this many times as much as the naive one's, per minute of job. */
  private static final double JITTER = 1.5;

  private static List<Result> results;

  @BeforeAll
  static void measure() {
    results = EtaSuite.measureAll(EtaEstimator.smoothed());
    EtaSuite.print(results);
  }

  @Test
  void neverWorseThanBothBaselinesAtAnyCheckpoint() {
    List<String> worse = new ArrayList<>();
    for (Result r : results) {
      Errors e = r.errors();
      for (int c = 0; c < EtaSuite.CHECKPOINTS.length; c++) {
        check(worse, r, c, "absolute", e.absErrorS(), SLACK_S);
        check(worse, r, c, "relative", e.relError(), SLACK_REL);
        if (e.missing()[OURS][c] > Math.min(e.missing()[NAIVE][c], e.missing()[EMA][c])) {
          worse.add(r.family() + " history " + r.history() + ": no ETA at checkpoint " + c);
        }
      }
    }
    assertThat(worse).isEmpty();
  }

  private static void check(List<String> worse, Result r, int c, String kind, double[][] m, double slack) {
    double bound = Math.max(value(m[NAIVE][c]), value(m[EMA][c]));
    if (m[OURS][c] > bound + Math.max(slack, SLACK_SHARE * bound)) {
      worse.add(String.format("%s history %s %s error at %.0f%%: %.3f vs naive %.3f, ema %.3f", r.family(),
          r.history(), kind, 100 * EtaSuite.CHECKPOINTS[c], m[OURS][c], m[NAIVE][c], m[EMA][c]));
    }
  }

  /** A baseline that shows nothing at a checkpoint is no bound there. */
  private static double value(double error) {
    return Double.isNaN(error) ? Double.POSITIVE_INFINITY : error;
  }

  @Test
  void nearTheBetterBaselineOverEachFamily() {
    for (Result r : results) {
      double[] means = meanRelativeErrors(r.errors());
      assertThat(means[OURS]).as("%s history %s: mean relative error vs naive %.3f, ema %.3f", r.family(),
          r.history(), means[NAIVE], means[EMA])
          .isLessThanOrEqualTo(NEAR_BEST * Math.min(means[NAIVE], means[EMA]) + NEAR_BEST_SLACK);
    }
  }

  @Test
  void clearlyBetterWhereHistoryKnowsTheSteps() {
    double[] means = meanRelativeErrors(EtaSuite.byFamily(results, true).get(Family.UNEVEN_STEPS).errors());
    assertThat(means[OURS]).isLessThanOrEqualTo(0.3 * Math.min(means[NAIVE], means[EMA]));
  }

  @Test
  void historyGivesAnEtaFromTheStart() {
    for (Result r : EtaSuite.byFamily(results, true).values()) {
      assertThat(r.errors().missing()[OURS]).as("%s", r.family()).containsOnly(0);
      assertThat(r.errors().firstEstimate()[OURS]).as("%s", r.family()).isZero();
    }
  }

  /**
   * Each estimator's mean relative error over the checkpoints where both baselines show something (before, showing
   * anything is the win).
   */
  private static double[] meanRelativeErrors(Errors e) {
    double[][] rel = e.relError();
    double[] sums = new double[EtaSuite.NAMES.length];
    int n = 0;
    for (int c = 0; c < EtaSuite.CHECKPOINTS.length; c++) {
      if (!Double.isNaN(rel[NAIVE][c]) && !Double.isNaN(rel[EMA][c])) {
        n++;
        for (int i = 0; i < sums.length; i++) {
          sums[i] += rel[i][c];
        }
      }
    }
    for (int i = 0; i < sums.length; i++) {
      sums[i] /= n;
    }
    return sums;
  }

  @Test
  void thePredictedEndMovesNoMoreThanTheNaiveOne() {
    for (Result r : results) {
      double[] jitter = r.errors().jitter();
      assertThat(jitter[OURS]).as("%s history %s: s/min moved vs naive's %.1f", r.family(), r.history(),
          jitter[NAIVE]).isLessThanOrEqualTo(JITTER * jitter[NAIVE]);
    }
  }

  @Test
  void theFirstEstimateComesNoLaterThanTheNaiveOne() {
    for (Result r : results) {
      double[] first = r.errors().firstEstimate();
      assertThat(first[OURS]).as("%s history %s", r.family(), r.history()).isLessThanOrEqualTo(first[NAIVE]);
    }
  }

  @Test
  void confidenceMeansWhatTheJavadocSays() {
    Calibration all = Calibration.empty();
    results.forEach(r -> all.add(r.calibration()));
    int high = Confidence.HIGH.ordinal();
    int medium = Confidence.MEDIUM.ordinal();
    assertThat(EtaSuite.pct(all.within25()[high], all.shown()[high])).as("high within ±25%").isGreaterThan(90);
    assertThat(EtaSuite.pct(all.within50()[medium], all.shown()[medium])).as("medium within ±50%")
        .isGreaterThan(80);
    assertThat(all.shown()[high]).as("high is used").isGreaterThan(1_000);
  }

  @Test
  void neverZeroOrNegativeBeforeTheEnd() {
    long checked = 0;
    for (Family family : Family.values()) {
      for (boolean history : new boolean[] {true, false}) {
        for (Run run : EtaSuite.runs(family, history, EtaEstimator.smoothed())) {
          for (Published p : run.states()) {
            Eta eta = p.eta();
            if (eta != null) {
              checked++;
              assertThat(eta.remainingMs()).isPositive();
              assertThat(eta.at()).isEqualTo(EtaTraces.START.plusMillis(p.t() + eta.remainingMs()));
            }
          }
        }
      }
    }
    assertThat(checked).isGreaterThan(40_000L);
  }
}
