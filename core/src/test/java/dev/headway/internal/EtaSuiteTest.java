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
  /** At each checkpoint, the error may exceed the better baseline's by this share at most. */
  private static final double NEAR_BEST = 0.10;
  /** ... or by this much in absolute terms, in seconds (or as a share of the time left, for relative errors). */
  private static final double NEAR_BEST_ABS_S = 2;
  private static final double NEAR_BEST_REL = 0.02;
  /** Where history or steps tell what progress cannot, the mean error is at most this share of the better one's. */
  private static final double CLEAR_WIN = 0.7;

  private static List<Result> results;

  @BeforeAll
  static void measure() {
    results = EtaSuite.measureAll(EtaEstimator.smoothed());
    EtaSuite.print(results);
  }

  @Test
  void neverWorseThanTheBetterBaselineAtAnyCheckpoint() {
    List<String> worse = new ArrayList<>();
    for (Result r : results) {
      Errors e = r.errors();
      for (int c = 0; c < EtaSuite.CHECKPOINTS.length; c++) {
        check(worse, r, c, "absolute", e.absErrorS(), NEAR_BEST_ABS_S);
        check(worse, r, c, "relative", e.relError(), NEAR_BEST_REL);
        if (e.missing()[OURS][c] > Math.min(e.missing()[NAIVE][c], e.missing()[EMA][c])) {
          worse.add(r.family() + " history " + r.history() + ": no ETA at checkpoint " + c);
        }
      }
    }
    assertThat(worse).isEmpty();
  }

  private static void check(List<String> worse, Result r, int c, String kind, double[][] m, double slack) {
    double best = Math.min(value(m[NAIVE][c]), value(m[EMA][c]));
    if (m[OURS][c] > best * (1 + NEAR_BEST) + slack) {
      worse.add(String.format("%s history %s %s error at %.0f%%: %.3f vs naive %.3f, ema %.3f", r.family(),
          r.history(), kind, 100 * EtaSuite.CHECKPOINTS[c], m[OURS][c], m[NAIVE][c], m[EMA][c]));
    }
  }

  /** A baseline that shows nothing at a checkpoint cannot be better there. */
  private static double value(double error) {
    return Double.isNaN(error) ? Double.POSITIVE_INFINITY : error;
  }

  @Test
  void clearlyBetterWhereHistoryOrStepsTellMore() {
    for (Family family : List.of(Family.UNEVEN_STEPS, Family.SILENT_START, Family.WARM_UP, Family.STALL)) {
      Errors e = EtaSuite.byFamily(results, true).get(family).errors();
      double ours = mean(e.relError()[OURS]);
      double best = Math.min(mean(e.relError()[NAIVE]), mean(e.relError()[EMA]));
      assertThat(ours).as("%s mean relative error vs the better baseline's %.3f", family, best)
          .isLessThanOrEqualTo(CLEAR_WIN * best);
    }
  }

  @Test
  void thePredictedEndMovesNoMoreThanTheNaiveOne() {
    for (Result r : results) {
      double[] jitter = r.errors().jitter();
      assertThat(jitter[OURS]).as("%s history %s: s/min moved vs naive's %.1f", r.family(), r.history(),
          jitter[NAIVE]).isLessThanOrEqualTo(1.5 * jitter[NAIVE]);
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
    assertThat(checked).isGreaterThan(50_000L);
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }
}
