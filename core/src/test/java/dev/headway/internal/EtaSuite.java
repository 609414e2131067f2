package dev.headway.internal;

import static dev.headway.internal.EtaReplay.EMA;
import static dev.headway.internal.EtaReplay.NAIVE;
import static dev.headway.internal.EtaReplay.OURS;

import dev.headway.Eta;
import dev.headway.Eta.Confidence;
import dev.headway.internal.EtaReplay.Published;
import dev.headway.internal.EtaReplay.Run;
import dev.headway.internal.EtaTraces.Family;
import dev.headway.internal.EtaTraces.Trace;
import dev.headway.spi.EtaEstimator;
import dev.headway.spi.JobRun;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The ETA trace suite: every {@link Family}, 20 seeds each, with 8 earlier runs as history and without history,
 * replayed through an estimator and the two baselines, and measured: error at 10/25/50/75/90% of the job's time,
 * movement of the predicted end, time of the first estimate, and how often each confidence level is right.
 *
 * <p>{@code EtaSuiteTest} prints the table that BENCHMARKS.md shows.
 */
final class EtaSuite {
  static final double[] CHECKPOINTS = {0.1, 0.25, 0.5, 0.75, 0.9};
  static final int SEEDS = 20;
  static final int HISTORY_RUNS = 8;
  static final String[] NAMES = {"ours", "naive", "ema"};

  private EtaSuite() {}

  /**
   * What one family measured, per estimator ({@link EtaReplay#OURS}, {@link EtaReplay#NAIVE}, {@link EtaReplay#EMA}).
   *
   * @param absErrorS mean absolute error of the predicted end at each checkpoint, in seconds
   * @param relError mean absolute error at each checkpoint as a share of the true time left
   * @param missing checkpoints at which the estimator showed nothing
   * @param jitter movement of the predicted end, in seconds per minute of job
   * @param firstEstimate mean time of the first estimate, as a share of the job's duration
   */
  record Errors(double[][] absErrorS, double[][] relError, int[][] missing, double[] jitter, double[] firstEstimate) {}

  /**
   * How often the estimate was right, sampled at each 1% of each job's time.
   *
   * @param shown samples per confidence level
   * @param within25 samples per level whose end was within ±25% of the true time left
   * @param within50 the same within ±50%
   * @param inRange samples per level whose true end lay within the estimate's range
   */
  record Calibration(int[] shown, int[] within25, int[] within50, int[] inRange) {
    static Calibration empty() {
      int n = Confidence.values().length;
      return new Calibration(new int[n], new int[n], new int[n], new int[n]);
    }

    void add(Calibration other) {
      for (int i = 0; i < shown.length; i++) {
        shown[i] += other.shown[i];
        within25[i] += other.within25[i];
        within50[i] += other.within50[i];
        inRange[i] += other.inRange[i];
      }
    }
  }

  /** One family measured with or without history. */
  record Result(Family family, boolean history, Errors errors, Calibration calibration) {}

  /** The runs of a family: the same traces with and without history. */
  static List<Run> runs(Family family, boolean withHistory, EtaEstimator estimator) {
    List<Run> runs = new ArrayList<>();
    for (int seed = 1; seed <= SEEDS; seed++) {
      Trace trace = family.generate(new Random(1_000L * family.ordinal() + seed));
      List<JobRun> history = new ArrayList<>();
      Random earlier = new Random(1_000_000L + 1_000L * family.ordinal() + seed);
      for (int i = 0; withHistory && i < HISTORY_RUNS; i++) {
        history.add(family.history(earlier));
      }
      runs.add(EtaReplay.replay(trace, history, estimator));
    }
    return runs;
  }

  static Result measure(Family family, boolean withHistory, EtaEstimator estimator) {
    List<Run> runs = runs(family, withHistory, estimator);
    return new Result(family, withHistory, errors(runs), calibration(runs));
  }

  static List<Result> measureAll(EtaEstimator estimator) {
    List<Result> results = new ArrayList<>();
    for (Family family : Family.values()) {
      for (boolean history : new boolean[] {true, false}) {
        if (history || family != Family.OTHER_SIZES && family != Family.STALE_HISTORY) {
          results.add(measure(family, history, estimator));
        }
      }
    }
    return results;
  }

  static Errors errors(List<Run> runs) {
    int n = NAMES.length;
    double[][] abs = new double[n][CHECKPOINTS.length];
    double[][] rel = new double[n][CHECKPOINTS.length];
    int[][] missing = new int[n][CHECKPOINTS.length];
    double[] moved = new double[n];
    double[] first = new double[n];
    double minutes = 0;
    for (Run run : runs) {
      double end = run.endMs();
      for (int c = 0; c < CHECKPOINTS.length; c++) {
        long t = Math.round(CHECKPOINTS[c] * end);
        Published shown = run.shownAt(t);
        for (int i = 0; i < n; i++) {
          double predicted = shown == null ? Double.NaN : shown.ends()[i];
          if (Double.isNaN(predicted)) {
            missing[i][c]++;
          } else {
            abs[i][c] += Math.abs(predicted - end) / 1000;
            rel[i][c] += Math.abs(predicted - end) / (end - t);
          }
        }
      }
      for (int i = 0; i < n; i++) {
        double previous = Double.NaN;
        double firstAt = 1;
        for (Published p : run.states()) {
          double e = p.ends()[i];
          // Only while the naive estimate shows, so every estimator is measured over the same span.
          if (!Double.isNaN(e) && !Double.isNaN(previous) && !Double.isNaN(p.ends()[NAIVE])) {
            moved[i] += Math.abs(e - previous) / 1000;
          }
          if (!Double.isNaN(e) && Double.isNaN(previous) && firstAt == 1) {
            firstAt = p.t() / end;
          }
          previous = Double.isNaN(e) ? previous : e;
        }
        first[i] += firstAt / runs.size();
      }
      minutes += end / 60_000;
    }
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < CHECKPOINTS.length; c++) {
        int counted = runs.size() - missing[i][c];
        abs[i][c] = counted == 0 ? Double.NaN : abs[i][c] / counted;
        rel[i][c] = counted == 0 ? Double.NaN : rel[i][c] / counted;
      }
      moved[i] /= minutes;
    }
    return new Errors(abs, rel, missing, moved, first);
  }

  static Calibration calibration(List<Run> runs) {
    Calibration cal = Calibration.empty();
    for (Run run : runs) {
      double end = run.endMs();
      for (int k = 1; k < 100; k++) {
        long t = Math.round(k * end / 100);
        Published shown = run.shownAt(t);
        Eta eta = shown == null ? null : shown.eta();
        if (eta == null) {
          continue;
        }
        int level = eta.confidence().ordinal();
        double error = Math.abs(shown.ends()[OURS] - end) / (end - t);
        cal.shown()[level]++;
        cal.within25()[level] += error <= 0.25 ? 1 : 0;
        cal.within50()[level] += error <= 0.5 ? 1 : 0;
        double low = shown.t() + eta.remainingMsLow();
        double high = shown.t() + eta.remainingMsHigh();
        cal.inRange()[level] += end >= low && end <= high ? 1 : 0;
      }
    }
    return cal;
  }

  static void print(List<Result> results) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%d seeds per family, %d earlier runs as history; "
        + "ours / naive / ema at 10 25 50 75 90%% of the job%n", SEEDS, HISTORY_RUNS));
    out.append(String.format(Locale.ROOT, "%-22s %-4s %-26s | %-26s | %-26s | %-26s | %-26s | %s%n",
        "family", "hist", "10%", "25%", "50%", "75%", "90%", "jitter s/min, first at"));
    Calibration all = Calibration.empty();
    for (Result r : results) {
      Errors e = r.errors();
      for (boolean relative : new boolean[] {false, true}) {
        out.append(String.format(Locale.ROOT, "%-22s %-4s", relative ? "  relative error" : r.family(),
            relative ? "" : r.history() ? "yes" : "no"));
        double[][] m = relative ? e.relError() : e.absErrorS();
        for (int c = 0; c < CHECKPOINTS.length; c++) {
          out.append(String.format(Locale.ROOT, " %s%-26s", c == 0 ? "" : "| ", relative
              ? String.format(Locale.ROOT, "%.0f%% / %.0f%% / %.0f%%", 100 * m[OURS][c], 100 * m[NAIVE][c],
                  100 * m[EMA][c])
              : String.format(Locale.ROOT, "%.1f / %.1f / %.1f s", m[OURS][c], m[NAIVE][c], m[EMA][c])));
        }
        out.append(relative ? "" : String.format(Locale.ROOT, "| %.0f / %.0f / %.0f, %.1f%% / %.1f%% / %.1f%%",
            e.jitter()[OURS], e.jitter()[NAIVE], e.jitter()[EMA], 100 * e.firstEstimate()[OURS],
            100 * e.firstEstimate()[NAIVE], 100 * e.firstEstimate()[EMA]));
        out.append('\n');
      }
      all.add(r.calibration());
    }
    out.append("confidence: shown, within ±25%, within ±50%, true end within the range\n");
    for (Confidence c : Confidence.values()) {
      int i = c.ordinal();
      out.append(String.format(Locale.ROOT, "  %-6s %6d  %5.1f%%  %5.1f%%  %5.1f%%%n", c.wireName(), all.shown()[i],
          pct(all.within25()[i], all.shown()[i]), pct(all.within50()[i], all.shown()[i]),
          pct(all.inRange()[i], all.shown()[i])));
    }
    System.out.print(out);
  }

  static double pct(int part, int whole) {
    return whole == 0 ? Double.NaN : 100.0 * part / whole;
  }

  static Map<Family, Result> byFamily(List<Result> results, boolean history) {
    Map<Family, Result> map = new EnumMap<>(Family.class);
    results.stream().filter(r -> r.history() == history).forEach(r -> map.put(r.family(), r));
    return map;
  }
}
