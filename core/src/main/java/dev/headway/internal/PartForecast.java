package dev.headway.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * How long the running part of a job (its running step, or the whole job when it has no steps or history has none of
 * them) still takes: four models of its pace, each trusted in inverse proportion to how wrong its own earlier
 * forecasts of this part's progress turned out.
 *
 * <ul>
 *   <li>{@link #AVERAGE}: the part's average pace so far (the naive estimate): the steadiest when the pace is even.
 *   <li>{@link #SINCE_FIRST}: the average pace since its first progress: ignores a silent start (loading, planning).
 *   <li>{@link #RECENT}: tqdm's moving average of progress and time between updates (smoothing 0.3; a pause counts
 *       as at most four usual gaps): follows a warm-up or a slowdown.
 *   <li>{@link #HISTORY}: the part's expected duration from earlier runs, counted down by time and by progress
 *       ({@link #historyLeft}): the only model before any progress, and right about shapes that repeat.
 * </ul>
 *
 * <p>Each model's forecast is judged by hindsight: at points spaced 5% apart in the part's time, each model's pace is
 * noted; later, the progress it foretold for now is compared with the progress made, for the points between half and nine
 * tenths of the time so far. The error is the log of their ratio (0.1 is about 10% off). A prior error per
 * model, worth {@link #PRIOR_POINTS} points, stands in while there are few points. Weights fall with the fourth power
 * of the error: a model twice as wrong counts a sixteenth as much, so the blend follows the best model without
 * switching to it outright on one lucky point.
 */
final class PartForecast {
  static final int AVERAGE = 0;
  static final int SINCE_FIRST = 1;
  static final int RECENT = 2;
  static final int HISTORY = 3;
  static final int MODELS = 4;

  /** Weight of the newest update in the moving averages, as in tqdm. */
  private static final double SMOOTHING = 0.3;
  /** A pause enters the moving average as at most this many usual gaps; the time beyond is counted as it lasts. */
  private static final double MAX_GAP_GROWTH = 4;
  /** Hindsight points are noted each time the part's time has grown by this factor. */
  private static final double POINT_SPACING = 1.05;
  /** Points are judged from half the part's time so far up to this share of it: far enough back to see a trend. */
  private static final double HINDSIGHT_END = 0.9;
  /** How many points the prior errors are worth. */
  private static final double PRIOR_POINTS = 2;
  /** Prior error of the live models: unknown, so all alike, and a wide one. */
  private static final double LIVE_PRIOR = 0.5;
  /** No model is trusted as if it were better than this, so one lucky model cannot take all the weight. */
  private static final double ERROR_FLOOR = 0.02;
  /** What history still expects of a part that reports no progress and has overrun, as a share of its time. */
  private static final double OVERDUE_SHARE = 0.1;
  /** Progress below this counts as none when comparing forecasts (a hundredth of a percent is what the wire shows). */
  private static final double MIN_PROGRESS = 1e-4;

  /**
   * The forecast for the running part.
   *
   * @param remainingMs the blended time left, in ms
   * @param error the blend's expected error, as the log of a ratio
   * @param spread how far the models disagree, as a share of {@code remainingMs}
   * @param progress the part's progress the forecast started from, 0–1
   */
  record Forecast(double remainingMs, double error, double spread, double progress) {
    /**
     * The expected error of the time left, as the log of a ratio: the models' hindsight error, grown with how far
     * beyond what was judged the forecast reaches (the work left against half the work done: the longest hindsight),
     * and their disagreement.
     */
    double expectedError() {
      double reach = progress > 0 ? (1 - progress) / (progress / 2) : 1;
      return Math.hypot(error * Math.sqrt(Math.max(1, reach)), spread);
    }
  }

  private final double[] priorError;
  /** Hindsight points: the part's time, its progress and each model's pace then (progress per ms, NaN if none). */
  private final List<double[]> points = new ArrayList<>();
  private int changes;
  private double firstE;
  private double firstP;
  private double lastP;
  private double lastChangeE;
  private double avgDone;
  private double avgGap;

  /**
   * Starts forecasting a part.
   *
   * @param historyError how far history is expected to be off (the log of a ratio), or NaN without history
   */
  PartForecast(double historyError) {
    this.priorError = new double[] {LIVE_PRIOR, LIVE_PRIOR, LIVE_PRIOR, historyError};
  }

  /**
   * Forecasts the part's time left.
   *
   * @param e ms since the part started
   * @param p the part's progress, 0–1
   * @param expectedMs the part's expected duration from history, or 0 without history
   * @return the forecast, or null when no model has anything to say yet
   */
  Forecast forecast(double e, double p, double expectedMs) {
    observe(e, p);
    double[] left = new double[MODELS];
    left[AVERAGE] = p > 0 ? e * (1 - p) / p : Double.NaN;
    left[SINCE_FIRST] = changes >= 2 ? (e - firstE) * (1 - p) / (p - firstP) : Double.NaN;
    double quiet = changes >= 1 ? Math.max(0, e - lastChangeE - avgGap) : 0;
    left[RECENT] = changes >= 1 ? (1 - p) * avgGap / avgDone + quiet : Double.NaN;
    left[HISTORY] = expectedMs > 0 ? historyLeft(e, p, expectedMs) + quiet : Double.NaN;
    double[] error = errors(e, p);
    note(e, p, left);
    double weights = 0;
    double sum = 0;
    double errorSum = 0;
    double[] w = new double[MODELS];
    for (int m = 0; m < MODELS; m++) {
      if (Double.isFinite(left[m])) {
        double variance = error[m] * error[m] + ERROR_FLOOR * ERROR_FLOOR;
        w[m] = 1 / (variance * variance);
        weights += w[m];
        sum += w[m] * left[m];
        errorSum += w[m] * error[m];
      }
    }
    if (weights == 0) {
      return null;
    }
    double remaining = sum / weights;
    double variance = 0;
    for (int m = 0; m < MODELS; m++) {
      if (w[m] > 0) {
        variance += w[m] * (left[m] - remaining) * (left[m] - remaining);
      }
    }
    double spread = remaining > 0 ? Math.sqrt(variance / weights) / remaining : 0;
    return new Forecast(remaining, errorSum / weights, spread, p);
  }

  /**
   * What history says is left: before any progress, the expected duration counted down by time (at least a tenth of
   * it once overdue), so a part that reports no progress still counts down; after, half counted down by time and half
   * by progress, so a shape that repeats (a slow start) is foreseen and a job that runs ahead or behind is followed.
   */
  private static double historyLeft(double e, double p, double expectedMs) {
    double countdown = Math.max(expectedMs - e, OVERDUE_SHARE * expectedMs);
    return p > 0 ? (countdown + (1 - p) * expectedMs) / 2 : countdown;
  }

  /** Feeds a change of progress into the moving averages (a pause counts as at most four usual gaps). */
  private void observe(double e, double p) {
    if (p <= lastP) {
      return;
    }
    double done = p - lastP;
    double gap = Math.max(1, e - lastChangeE);
    if (changes == 0) {
      avgDone = done;
      avgGap = gap;
      firstE = e;
      firstP = p;
    } else {
      avgDone = SMOOTHING * done + (1 - SMOOTHING) * avgDone;
      avgGap = SMOOTHING * Math.min(gap, MAX_GAP_GROWTH * avgGap) + (1 - SMOOTHING) * avgGap;
    }
    changes++;
    lastP = p;
    lastChangeE = e;
  }

  /** Notes each model's pace now, if the part's time has grown enough since the last point. */
  private void note(double e, double p, double[] left) {
    if (e <= 0 || p >= 1 || !points.isEmpty() && e < POINT_SPACING * points.get(points.size() - 1)[0]) {
      return;
    }
    double[] point = new double[2 + MODELS];
    point[0] = e;
    point[1] = p;
    for (int m = 0; m < MODELS; m++) {
      point[2 + m] = left[m] > 0 ? (1 - p) / left[m] : Double.NaN;
    }
    points.add(point);
  }

  /** Each model's error: how far its forecasts from earlier points missed the progress made since, with the prior. */
  private double[] errors(double e, double p) {
    double[] sums = new double[MODELS];
    int[] counts = new int[MODELS];
    for (double[] point : points) {
      if (point[0] < e / 2 || point[0] > HINDSIGHT_END * e) {
        continue;
      }
      double made = Math.max(MIN_PROGRESS, p - point[1]);
      for (int m = 0; m < MODELS; m++) {
        double pace = point[2 + m];
        if (Double.isFinite(pace)) {
          double foretold = Math.max(MIN_PROGRESS, Math.min(1, point[1] + pace * (e - point[0])) - point[1]);
          sums[m] += Math.abs(Math.log(foretold / made));
          counts[m]++;
        }
      }
    }
    double[] error = new double[MODELS];
    for (int m = 0; m < MODELS; m++) {
      double prior = Double.isNaN(priorError[m]) ? LIVE_PRIOR : priorError[m];
      error[m] = (PRIOR_POINTS * prior + sums[m]) / (PRIOR_POINTS + counts[m]);
    }
    return error;
  }
}
