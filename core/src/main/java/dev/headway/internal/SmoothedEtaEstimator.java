package dev.headway.internal;

import dev.headway.Eta;
import dev.headway.Eta.Confidence;
import dev.headway.JobSnapshot;
import dev.headway.JobStatus;
import dev.headway.StepSnapshot;
import dev.headway.StepStatus;
import dev.headway.spi.EtaEstimator;
import dev.headway.spi.JobRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The default {@link EtaEstimator}: a smoothed live rate blended with the history of earlier runs of the same type.
 *
 * <ul>
 *   <li><b>Live</b>: an exponential moving average (tqdm style, smoothing 0.3) of progress and of time between
 *       progress changes; their ratio is the recent rate, averaged with the running step's own rate so far (which
 *       does not swing when units alternate between fast and slow). It speaks only for the step(s) running now.
 *   <li><b>History</b>: the median duration of each step in earlier runs (or the median total split by step
 *       weight when runs have no steps), scaled by how fast this job runs compared with history on the steps it
 *       has finished (shrunk toward 1 while there is little evidence, clamped to 0.25–4). It covers the running
 *       step's rest and every step not started yet, so a slow step ahead is foreseen. A running step that
 *       reports no progress counts down from its expected time.
 *   <li><b>Blend</b> for the running step: the live share grows with the square of how far that step is and
 *       with the number of live samples. Without history, the live rate covers everything.
 *   <li><b>Stall</b>: while progress has not moved for longer than its usual gap, the live estimate grows by that
 *       extra time (a pause is expected to last about as long again): linearly, never to infinity. Once progress
 *       resumes, the pause enters the rate as at most four usual gaps.
 * </ul>
 *
 * <p>No ETA while there is neither history nor live signal (under 5% progress or fewer than 2 samples); never a
 * zero or negative remaining time. Confidence is {@code LOW} on live signal alone until progress is steady,
 * {@code MEDIUM} with history (or steady live progress), {@code HIGH} when live and history agree.
 */
public final class SmoothedEtaEstimator implements EtaEstimator {
  /** Weight of the newest sample in the moving averages, as in tqdm. */
  static final double SMOOTHING = 0.3;
  /** Below this progress, live signal alone is not enough. */
  static final double MIN_LIVE_FRACTION = 0.05;
  /** Fewer progress samples than this are not enough live signal. */
  static final int MIN_LIVE_SAMPLES = 2;
  /** Number of samples after which the live rate gets its full weight. */
  static final int FULL_LIVE_SAMPLES = 5;
  /** How much expected time the speed factor assumes before it has seen any, as a share of the whole job. */
  static final double SPEED_PRIOR_SHARE = 0.02;
  /** Lowest speed factor relative to history (four times faster). */
  static final double MIN_SPEED = 0.25;
  /** Highest speed factor relative to history (four times slower). */
  static final double MAX_SPEED = 4;
  /** Live and history agree when they differ by at most this share. */
  static final double AGREEMENT = 0.3;
  /** A pause counts toward the rate as at most this many usual gaps; the stall rule covers the rest. */
  static final double MAX_GAP_GROWTH = 4;
  /** What history still expects of a step that reports no progress and has overrun, as a share of its time. */
  static final double OVERDUE_SHARE = 0.1;
  /** Progress from which live signal alone counts as steady. */
  static final double STEADY_FRACTION = 0.25;

  /** Creates the estimator; it holds no state, each job's state lives in its {@link JobEstimate}. */
  public SmoothedEtaEstimator() {}

  @Override
  public JobEstimate begin(List<JobRun> history) {
    return new Estimate(History.of(history));
  }

  /**
   * What earlier runs say: median durations in all and per step.
   *
   * @param totalMs median duration of a whole run, or 0 without history
   * @param stepMs median duration per step name, over the runs that have that step
   */
  private record History(double totalMs, Map<String, Double> stepMs) {
    static History of(List<JobRun> runs) {
      List<Double> totals = new ArrayList<>();
      Map<String, List<Double>> steps = new HashMap<>();
      for (JobRun run : runs == null ? List.<JobRun>of() : runs) {
        totals.add(millis(run.duration()));
        run.steps().forEach((name, d) -> steps.computeIfAbsent(name, n -> new ArrayList<>()).add(millis(d)));
      }
      Map<String, Double> medians = new HashMap<>();
      steps.forEach((name, ds) -> medians.put(name, median(ds)));
      return new History(totals.isEmpty() ? 0 : median(totals), medians);
    }

    boolean isEmpty() {
      return totalMs <= 0;
    }

    /** The expected duration of a step: its own median, else its weight's share of the median total. */
    double baseMs(String name, double share) {
      Double own = name == null ? null : stepMs.get(name);
      return own != null ? own : share * totalMs;
    }

    private static double millis(Duration d) {
      return Math.max(0, d.toMillis());
    }

    private static double median(List<Double> values) {
      values.sort(null);
      int n = values.size();
      return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }
  }

  /**
   * One step as the estimator sees it; a job without steps is one implicit step.
   *
   * @param share the step's weight as a share of all weights
   * @param progress how far it is, 0–1
   * @param running true when it is under way now
   * @param finished true when it is over (completed, failed or skipped)
   * @param actualMs how long it took (when completed) or has taken so far (when running), or -1 when unknown
   * @param baseMs its expected duration from history, or 0 without history
   */
  private record Part(double share, double progress, boolean running, boolean finished, double actualMs,
      double baseMs) {}

  /** The running estimate of one job: the live moving averages and the history. */
  private static final class Estimate implements JobEstimate {
    private final History history;
    private boolean started;
    private double lastFraction;
    private long lastChangeMs;
    private int samples;
    private double avgDone;
    private double avgGapMs;

    Estimate(History history) {
      this.history = history;
    }

    @Override
    public Eta estimate(JobSnapshot job, Instant now) {
      if (job.status() != JobStatus.RUNNING) {
        return null;
      }
      long nowMs = now.toEpochMilli();
      double fraction = job.percent() / 100;
      observe(fraction, job.startedAt(), nowMs);
      List<Part> parts = parts(job, nowMs);
      double rate = samples >= MIN_LIVE_SAMPLES && fraction >= MIN_LIVE_FRACTION ? avgDone / avgGapMs : 0;
      boolean live = rate > 0;
      boolean hist = !history.isEmpty();
      if (!live && !hist) {
        return null;
      }
      double speed = hist ? speed(parts) : 1;
      double currentShare = 0;
      double currentDone = 0;
      double currentHist = 0;
      double future = 0;
      for (Part p : parts) {
        if (p.finished()) {
          continue;
        }
        double left = 1 - p.progress();
        if (p.running()) {
          currentShare += p.share();
          currentDone += p.share() * p.progress();
          currentHist += historyLeft(p, speed);
        } else {
          future += hist ? p.baseMs() * speed : p.share() / rate;
        }
      }
      double currentLeftShare = currentShare - currentDone;
      double currentLive = live ? liveLeft(parts, currentLeftShare, rate, nowMs - lastChangeMs) + stalledMs(nowMs) : 0;
      double current;
      Confidence confidence;
      if (live && hist) {
        double stepDone = currentShare > 0 ? currentDone / currentShare : 0;
        double weight = stepDone * stepDone * Math.min(1.0, (double) samples / FULL_LIVE_SAMPLES);
        current = weight * currentLive + (1 - weight) * currentHist;
        boolean agree = currentShare > 0 && samples >= FULL_LIVE_SAMPLES
            && Math.abs(currentLive - currentHist) <= AGREEMENT * Math.max(currentLive, currentHist);
        confidence = agree ? Confidence.HIGH : Confidence.MEDIUM;
      } else if (hist) {
        current = currentHist;
        confidence = Confidence.MEDIUM;
      } else {
        current = currentLive;
        confidence = fraction >= STEADY_FRACTION && samples >= FULL_LIVE_SAMPLES ? Confidence.MEDIUM : Confidence.LOW;
      }
      double remaining = current + future;
      long remainingMs = Double.isFinite(remaining) ? Math.max(1, Math.round(remaining)) : Long.MAX_VALUE / 4;
      return new Eta(remainingMs, now.plusMillis(remainingMs), confidence);
    }

    /**
     * What the live signal says is left of the running step(s): the share left at the smoothed recent rate, averaged
     * with the same share at the step's own average rate so far. The recent rate follows a change of pace quickly;
     * the step average does not swing with work whose units alternate between fast and slow. The time since the
     * last change is left out of the average: a stall under way is {@link #stalledMs}'s to count, once.
     */
    private static double liveLeft(List<Part> parts, double leftShare, double recentRate, double sinceChangeMs) {
      double doneShare = 0;
      double runningMs = 0;
      for (Part p : parts) {
        if (p.running() && p.actualMs() > 0) {
          doneShare += p.share() * p.progress();
          runningMs = Math.max(runningMs, p.actualMs() - sinceChangeMs);
        }
      }
      double atRecentRate = leftShare / recentRate;
      if (doneShare <= 0) {
        return atRecentRate;
      }
      return (atRecentRate + leftShare * runningMs / doneShare) / 2;
    }

    /**
     * Feeds a change of progress into the moving averages of progress per change and time between changes. A long
     * pause enters as at most {@link #MAX_GAP_GROWTH} usual gaps, so one stall does not drag the rate down for
     * many samples after it; while it lasts, {@link #stalledMs} accounts for it.
     */
    private void observe(double fraction, Instant startedAt, long nowMs) {
      if (!started) {
        started = true;
        boolean knownStart = startedAt != null && startedAt.toEpochMilli() <= nowMs;
        lastChangeMs = knownStart ? startedAt.toEpochMilli() : nowMs;
        lastFraction = knownStart ? 0 : fraction;
      }
      if (fraction <= lastFraction) {
        return;
      }
      double done = fraction - lastFraction;
      double gap = Math.max(1, nowMs - lastChangeMs);
      if (samples == 0) {
        avgDone = done;
        avgGapMs = gap;
      } else {
        avgDone = SMOOTHING * done + (1 - SMOOTHING) * avgDone;
        avgGapMs = SMOOTHING * Math.min(gap, MAX_GAP_GROWTH * avgGapMs) + (1 - SMOOTHING) * avgGapMs;
      }
      samples++;
      lastFraction = fraction;
      lastChangeMs = nowMs;
    }

    /**
     * What history expects is left of a running step: the share not done of its expected time; or, for a step that
     * has reported no progress yet, its expected time less the time it has run (at least a tenth of it when
     * overdue), so a step that reports no units still counts down.
     */
    private static double historyLeft(Part p, double speed) {
      double expected = p.baseMs() * speed;
      if (p.progress() > 0 || p.actualMs() < 0) {
        return (1 - p.progress()) * expected;
      }
      return Math.max(expected - p.actualMs(), OVERDUE_SHARE * expected);
    }

    /** How long progress has stood still beyond its usual gap between changes. */
    private double stalledMs(long nowMs) {
      return Math.max(0, nowMs - lastChangeMs - avgGapMs);
    }

    /**
     * How much slower (above 1) or faster this job runs than history: the actual time of the finished steps
     * against their expected time (before any step has finished, of the running ones against the expected time
     * for their progress). A prior of {@link #SPEED_PRIOR_SHARE} of the whole job, counted as on time, keeps it
     * near 1 while there is little evidence.
     */
    private double speed(List<Part> parts) {
      double[] finished = new double[2];
      double[] running = new double[2];
      double whole = 0;
      for (Part p : parts) {
        whole += p.baseMs();
        double[] sums = p.finished() ? finished : running;
        if (p.actualMs() >= 0 && p.progress() > 0) {
          sums[0] += p.actualMs();
          sums[1] += p.progress() * p.baseMs();
        }
      }
      double[] evidence = finished[1] > 0 ? finished : running;
      double prior = SPEED_PRIOR_SHARE * whole;
      if (prior <= 0) {
        return 1;
      }
      return Math.max(MIN_SPEED, Math.min(MAX_SPEED, (evidence[0] + prior) / (evidence[1] + prior)));
    }

    private List<Part> parts(JobSnapshot job, long nowMs) {
      List<StepSnapshot> steps = job.steps();
      if (steps.isEmpty()) {
        double fraction = job.percent() / 100;
        return List.of(new Part(1, fraction, true, false, since(job.startedAt(), nowMs),
            history.baseMs(null, 1)));
      }
      double weights = 0;
      for (StepSnapshot s : steps) {
        weights += Math.max(0, s.weight());
      }
      List<Part> parts = new ArrayList<>(steps.size());
      for (StepSnapshot s : steps) {
        double share = weights > 0 ? Math.max(0, s.weight()) / weights : 1.0 / steps.size();
        boolean finished = s.status().isTerminal();
        double progress = finished ? 1 : Math.max(0, Math.min(1, s.percent() / 100));
        boolean running = !finished && (s.status() == StepStatus.RUNNING || progress > 0);
        double actual = -1;
        if (s.status() == StepStatus.COMPLETED && s.startedAt() != null && s.completedAt() != null) {
          actual = Math.max(0, s.completedAt().toEpochMilli() - s.startedAt().toEpochMilli());
        } else if (running) {
          actual = since(s.startedAt(), nowMs);
        }
        parts.add(new Part(share, progress, running, finished, actual, history.baseMs(s.name(), share)));
      }
      return parts;
    }

    private static double since(Instant start, long nowMs) {
      return start == null ? -1 : Math.max(0, nowMs - start.toEpochMilli());
    }
  }
}
