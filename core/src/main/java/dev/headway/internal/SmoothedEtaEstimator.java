package dev.headway.internal;

import dev.headway.Eta;
import dev.headway.Eta.Confidence;
import dev.headway.JobSnapshot;
import dev.headway.JobStatus;
import dev.headway.StepSnapshot;
import dev.headway.StepStatus;
import dev.headway.spi.EtaEstimator;
import dev.headway.spi.JobRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The default {@link EtaEstimator}: the running part of a job forecast by models of its pace, each trusted as far as
 * it has foretold this part's progress so far ({@link PartForecast}), and the parts still to come from the history of
 * earlier runs.
 *
 * <ul>
 *   <li><b>Parts</b>: when history knows every step of the job, each step is a part: the running one is forecast,
 *       the pending ones take their median duration in history, scaled by how fast this job ran the steps it has
 *       finished. Otherwise the whole job is one part, its expected duration the median run's.
 *   <li><b>Range and confidence</b>: the forecast's own track record (how far its models' earlier forecasts were off,
 *       and how far they disagree now) and the spread of history give an expected error; the range is the estimate
 *       times and divided by e to that error, and the confidence is that error in three bands, calibrated on the
 *       trace suite (see the {@link Confidence} constants for what each band measured).
 *   <li><b>Steady</b>: the end shown moves only when the new estimate differs from it by more than half the
 *       hindsight error of the running part's forecast (3–25% of the time left) — its noise, not how far it reaches —
 *       so a page does not count up and down with every update; with history it then moves half of the way, since
 *       the history and live models hand weight to each other as a job shows its shape.
 * </ul>
 *
 * <p>No ETA before there is either history or progress; never a zero or negative remaining time.
 */
public final class SmoothedEtaEstimator implements EtaEstimator {
  /** The end shown stays put while a new estimate is within this many hindsight errors of it... */
  static final double DEADBAND_ERRORS = 0.5;
  /** ... but at least this share of the time left... */
  static final double MIN_DEADBAND = 0.03;
  /** ... and at most this share. */
  static final double MAX_DEADBAND = 0.25;
  /**
   * With history, outside the band the end shown moves this share of the way to the new estimate, not all of it at
   * once: the history and live models hand weight to each other as a job shows its shape, and the end shown would
   * swing with every hand-over. Without history the live estimate is all there is, and it is shown as it is.
   */
  static final double APPROACH = 0.5;
  /** How far off the time of the steps not started yet may be without history, as the log of a ratio. */
  static final double UNKNOWN_STEP_ERROR = 1;
  /** Expected errors (log of a ratio) up to this are {@code HIGH} confidence. */
  static final double HIGH_ERROR = 0.15;
  /** Expected errors up to this are {@code MEDIUM} confidence; above, {@code LOW}. */
  static final double MEDIUM_ERROR = 0.35;
  /** The range spans the estimate times and divided by e to this many expected errors. */
  static final double RANGE_ERRORS = 1;
  /** How far history alone is off at least, on top of how much runs vary: jobs differ from their predecessors. */
  static final double HISTORY_BASE_ERROR = 0.1;
  /** How much expected time the speed factor assumes on time before it has seen any, as a share of the whole job. */
  static final double SPEED_PRIOR_SHARE = 0.1;

  /** Creates the estimator; it holds no state, each job's state lives in its {@link JobEstimate}. */
  public SmoothedEtaEstimator() {}

  @Override
  public JobEstimate begin(List<JobRun> history) {
    return new Estimate(RunHistory.of(history));
  }

  /** The running estimate of one job: its running part's forecast, and the end it shows. */
  private static final class Estimate implements JobEstimate {
    private final RunHistory history;
    private String part;
    private PartForecast forecast;
    private long shownEnd;

    Estimate(RunHistory history) {
      this.history = history;
    }

    @Override
    public Eta estimate(JobSnapshot job, Instant now) {
      if (job.status() != JobStatus.RUNNING) {
        return null;
      }
      long nowMs = now.toEpochMilli();
      List<StepSnapshot> steps = job.steps();
      List<String> names = new ArrayList<>(steps.size());
      steps.forEach(s -> names.add(s.name()));
      double historyError = history.isEmpty() ? Double.NaN : history.spread() + HISTORY_BASE_ERROR;
      String key;
      double e;
      double p;
      double expected;
      double future = 0;
      if (history.knowsAll(names)) {
        double speed = speed(steps);
        StepSnapshot current = null;
        for (StepSnapshot s : steps) {
          if (s.status().isTerminal()) {
            continue;
          }
          if (current == null) {
            current = s;
          } else {
            future += history.stepMs().get(s.name()) * speed;
          }
        }
        if (current == null) {
          return null;
        }
        key = current.name();
        e = since(current.startedAt(), nowMs);
        p = Math.max(0, Math.min(1, current.percent() / 100));
        expected = history.stepMs().get(current.name()) * speed;
      } else {
        key = "";
        e = since(job.startedAt(), nowMs);
        p = Math.max(0, Math.min(1, job.percent() / 100));
        expected = history.totalMs();
      }
      if (!key.equals(part)) {
        part = key;
        forecast = new PartForecast(historyError);
      }
      PartForecast.Forecast f = forecast.forecast(e, p, expected);
      if (f == null) {
        return null;
      }
      double remaining = f.remainingMs() + future;
      double error = remaining > 0
          ? (f.remainingMs() * f.expectedError() + future * (Double.isNaN(historyError) ? 0 : historyError)) / remaining
          : f.expectedError();
      if (history.isEmpty()) {
        // Steps not started yet may take any time; nothing tells how long.
        error += UNKNOWN_STEP_ERROR * pendingShare(steps);
      }
      return show(remaining, error, f.error(), nowMs, !history.isEmpty());
    }

    /** Turns an estimate into what is shown: steady, positive, with its range and confidence. */
    private Eta show(double remaining, double error, double noise, long nowMs, boolean withHistory) {
      long estimate = Double.isFinite(remaining) ? Math.max(1, Math.round(remaining)) : Long.MAX_VALUE / 4;
      Confidence confidence = error <= HIGH_ERROR ? Confidence.HIGH
          : error <= MEDIUM_ERROR ? Confidence.MEDIUM : Confidence.LOW;
      long kept = shownEnd - nowMs;
      double deadband = Math.max(MIN_DEADBAND, Math.min(MAX_DEADBAND, noise * DEADBAND_ERRORS));
      if (kept >= 1 && Math.abs(kept - estimate) <= deadband * estimate) {
        estimate = kept;
      } else if (kept >= 1 && withHistory) {
        estimate = Math.max(1, Math.round(kept + APPROACH * (estimate - kept)));
      }
      shownEnd = nowMs + estimate;
      double factor = Math.exp(RANGE_ERRORS * error);
      long low = Math.max(1, Math.min(estimate, Math.round(estimate / factor)));
      long high = Math.max(estimate, Math.round(Math.min(Long.MAX_VALUE / 4.0, estimate * factor)));
      return new Eta(estimate, Instant.ofEpochMilli(shownEnd), confidence, low, high);
    }

    /**
     * How much slower (above 1) or faster this job runs its steps than history: the actual time of the finished
     * steps against their median time. A prior of {@link #SPEED_PRIOR_SHARE} of the whole job, counted as on time,
     * keeps it near 1 while there is little evidence.
     */
    private double speed(List<StepSnapshot> steps) {
      double actual = 0;
      double expected = 0;
      double whole = 0;
      for (StepSnapshot s : steps) {
        double median = history.stepMs().get(s.name());
        whole += median;
        if (s.status() == StepStatus.COMPLETED && s.startedAt() != null && s.completedAt() != null) {
          actual += Math.max(0, s.completedAt().toEpochMilli() - s.startedAt().toEpochMilli());
          expected += median;
        }
      }
      double prior = SPEED_PRIOR_SHARE * whole;
      return prior > 0 ? (actual + prior) / (expected + prior) : 1;
    }

    /** The share of the steps' weight that has not started yet. */
    private static double pendingShare(List<StepSnapshot> steps) {
      double all = 0;
      double pending = 0;
      for (StepSnapshot s : steps) {
        all += Math.max(0, s.weight());
        pending += s.status() == StepStatus.PENDING ? Math.max(0, s.weight()) : 0;
      }
      return all > 0 ? pending / all : 0;
    }

    private static double since(Instant start, long nowMs) {
      return start == null ? 0 : Math.max(0, nowMs - start.toEpochMilli());
    }
  }
}
