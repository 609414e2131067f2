package dev.headway.internal;

import dev.headway.Eta;
import dev.headway.JobSnapshot;
import dev.headway.internal.EtaTraces.Trace;
import dev.headway.spi.EtaEstimator;
import dev.headway.spi.EtaEstimator.JobEstimate;
import dev.headway.spi.JobRun;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Replays a trace through an estimator as the tracker calls it: a state is published when the job starts, at once
 * when a step ends or starts, at the next flush tick after progress, and once when a quiet job is marked stalled;
 * nothing is published while a job is quiet. Between two states a page shows the last one's ETA. The two baselines
 * see the same states: the naive estimate (elapsed / fraction − elapsed) and tqdm's (bias-corrected moving averages
 * of the progress and time between updates, smoothing 0.3).
 */
final class EtaReplay {
  static final long FLUSH_MS = 200;
  static final long STALL_AFTER_MS = 30_000;
  static final double TQDM_SMOOTHING = 0.3;

  /** The estimators compared, in the order of a {@link Published}'s ends. */
  static final int OURS = 0;
  static final int NAIVE = 1;
  static final int EMA = 2;

  private EtaReplay() {}

  /**
   * One published state and what each estimator made of it.
   *
   * @param t ms after the start
   * @param fraction the job's progress, 0–1
   * @param ends the predicted end of each estimator in ms after the start, NaN when it showed none
   * @param eta our estimate, or null
   */
  record Published(long t, double fraction, double[] ends, Eta eta) {}

  /** The states of one run of a trace and its true end. */
  record Run(long endMs, List<Published> states) {
    /** The last state published at or before {@code t}: what a page shows then; null before the first. */
    Published shownAt(long t) {
      Published shown = null;
      for (Published p : states) {
        if (p.t() > t) {
          break;
        }
        shown = p;
      }
      return shown;
    }
  }

  /** Replays {@code trace} with {@code history} through {@code estimator}. */
  static Run replay(Trace trace, List<JobRun> history, EtaEstimator estimator) {
    long end = trace.durationMs();
    TreeSet<Long> times = new TreeSet<>();
    times.add(0L);
    times.addAll(trace.named() ? trace.stepTimes() : List.of());
    long last = 0;
    for (long p : trace.progressTimes()) {
      if (p - last > STALL_AFTER_MS) {
        times.add(last + STALL_AFTER_MS);
      }
      times.add((p + FLUSH_MS - 1) / FLUSH_MS * FLUSH_MS);
      last = p;
    }
    JobEstimate ours = estimator.begin(history);
    Tqdm tqdm = new Tqdm();
    List<Published> states = new ArrayList<>();
    for (long t : times.headSet(end, false)) {
      JobSnapshot job = trace.at(t);
      Eta eta = ours.estimate(job, EtaTraces.START.plusMillis(t));
      double fraction = job.percent() / 100;
      double naive = fraction > 0 ? t / fraction : Double.NaN;
      double ema = tqdm.end(fraction, t);
      double mine = eta == null ? Double.NaN : t + eta.remainingMs();
      states.add(new Published(t, fraction, new double[] {mine, naive, ema}, eta));
    }
    return new Run(end, states);
  }

  /** tqdm's estimate: moving averages of progress and time per update, corrected for their start at zero. */
  private static final class Tqdm {
    private double lastFraction;
    private long lastT;
    private double dn;
    private double dt;
    private int calls;

    double end(double fraction, long t) {
      if (fraction > lastFraction) {
        dn = TQDM_SMOOTHING * (fraction - lastFraction) + (1 - TQDM_SMOOTHING) * dn;
        dt = TQDM_SMOOTHING * (t - lastT) + (1 - TQDM_SMOOTHING) * dt;
        calls++;
        lastFraction = fraction;
        lastT = t;
      }
      if (calls == 0 || dt <= 0) {
        return Double.NaN;
      }
      // The bias corrections of dn and dt are the same factor, so the rate is their plain ratio.
      return t + (1 - fraction) * dt / dn;
    }
  }
}
