package dev.headway.internal;

import dev.headway.JobSnapshot;
import dev.headway.StepSnapshot;
import dev.headway.StepStatus;
import dev.headway.spi.JobRun;
import dev.headway.testing.SnapshotBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Synthetic runs of jobs for the ETA trace suite: each family is a shape of progress over time that real jobs have,
 * made from a seeded {@link Random}, so every trace is the same on every run. A run is a list of steps, each a list of
 * units; a unit's progress is reported when it ends (as {@code job.advance(1)} would), and a unit of 0 ms is reported
 * together with the one before it (a batch).
 */
final class EtaTraces {
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private EtaTraces() {}

  /** A step: its name, declared weight and the duration of each of its units in ms. */
  record Step(String name, double weight, long[] unitMs) {
    long durationMs() {
      long sum = 0;
      for (long u : unitMs) {
        sum += u;
      }
      return sum;
    }
  }

  /**
   * One run of a job.
   *
   * @param steps the steps, run one after the other
   * @param named true when the job shows its steps; false for a plain done/total job (one implicit step)
   */
  record Trace(List<Step> steps, boolean named) {
    long durationMs() {
      long sum = 0;
      for (Step s : steps) {
        sum += s.durationMs();
      }
      return sum;
    }

    /** The run as the store gives it back as history: its duration and, for a job with steps, theirs. */
    JobRun toRun() {
      Map<String, Duration> byStep = new LinkedHashMap<>();
      if (named) {
        steps.forEach(s -> byStep.put(s.name(), Duration.ofMillis(s.durationMs())));
      }
      return new JobRun(Duration.ofMillis(durationMs()), byStep);
    }

    /** The times at which progress is reported (unit ends), in ms after the start, ascending. */
    List<Long> progressTimes() {
      List<Long> times = new ArrayList<>();
      long t = 0;
      for (Step s : steps) {
        for (long u : s.unitMs()) {
          t += u;
          times.add(t);
        }
      }
      return times;
    }

    /** The times at which a step ends and the next starts, in ms after the start. */
    List<Long> stepTimes() {
      List<Long> times = new ArrayList<>();
      long t = 0;
      for (Step s : steps) {
        t += s.durationMs();
        times.add(t);
      }
      return times;
    }

    /** The running job as the tracker shows it {@code t} ms after it started ({@code t} before the end). */
    JobSnapshot at(long t) {
      double weights = steps.stream().mapToDouble(Step::weight).sum();
      List<StepSnapshot> snapshots = new ArrayList<>();
      double fraction = 0;
      long done = 0;
      long total = 0;
      String current = null;
      long stepStart = 0;
      for (Step s : steps) {
        long end = stepStart;
        int unitsDone = 0;
        for (long u : s.unitMs()) {
          if (end + u > t) {
            break;
          }
          end += u;
          unitsDone++;
        }
        int units = s.unitMs().length;
        StepStatus status = t < stepStart ? StepStatus.PENDING
            : unitsDone == units ? StepStatus.COMPLETED : StepStatus.RUNNING;
        if (status == StepStatus.RUNNING) {
          current = s.name();
        }
        fraction += s.weight() / weights * unitsDone / units;
        done += unitsDone;
        total += units;
        snapshots.add(new StepSnapshot(s.name(), s.weight(), status, 100.0 * unitsDone / units, (long) unitsDone,
            (long) units, null, status == StepStatus.PENDING ? null : START.plusMillis(stepStart),
            status == StepStatus.COMPLETED ? START.plusMillis(stepStart + s.durationMs()) : null, null));
        stepStart += s.durationMs();
      }
      JobSnapshot.Builder b = SnapshotBuilder.job().startedAt(START).updatedAt(START.plusMillis(t)).elapsedMs(t);
      if (named) {
        return b.percent(Percent.of(fraction)).steps(snapshots).step(current).build();
      }
      return b.percent(Percent.of((double) done / total)).done(done).total(total).build();
    }
  }

  /** The shapes of progress the estimator is measured on. */
  enum Family {
    /** Plain done/total job, every unit about as long as the others. */
    CONSTANT,
    /** Plain job whose first units are up to four times slower (caches, connections, JIT warming up). */
    WARM_UP,
    /** Plain job whose units grow three times longer towards the end. */
    SLOWING,
    /** Steps research 1 / writing 2 / seo 1, but seo takes five times its weight's share of the time. */
    UNEVEN_STEPS,
    /** Plain job where every tenth item is ten times slower than the others. */
    PERIODIC_SLOW_ITEM,
    /** Plain job whose progress stops for one to four minutes somewhere in the middle, then goes on. */
    STALL,
    /** Plain job with Poisson-timed updates, some of which report a batch of 5–20 units at once. */
    BURSTY,
    /** Plain constant job; history comes from jobs of the same type with 0.3–3 times as many units. */
    OTHER_SIZES,
    /** Plain constant job; history comes from runs five times faster (before a slowdown). */
    STALE_HISTORY,
    /** Plain job whose first unit (loading, planning) takes 30–40% of the run, then fast progress. */
    SILENT_START;

    /** Makes the run to estimate, with its own speed and jitter as real runs have. */
    Trace generate(Random rnd) {
      return generate(rnd, 1, 1);
    }

    /** Makes one earlier run of this family, as the store's history holds it. */
    JobRun history(Random rnd) {
      return switch (this) {
        case OTHER_SIZES -> generate(rnd, 1, Math.exp(Math.log(0.3) + rnd.nextDouble() * Math.log(10))).toRun();
        case STALE_HISTORY -> generate(rnd, 0.2, 1).toRun();
        default -> generate(rnd, 1, 1).toRun();
      };
    }

    private Trace generate(Random rnd, double pace, double size) {
      double speed = pace * Math.exp(0.15 * rnd.nextGaussian());
      int n = (int) Math.round(120 * size);
      switch (this) {
        case UNEVEN_STEPS:
          return new Trace(List.of(
              new Step("research", 1, units(rnd, speed, 10, 6_000)),
              new Step("writing", 2, units(rnd, speed, 20, 6_000)),
              new Step("seo", 1, units(rnd, speed, 10, 30_000))), true);
        case WARM_UP: {
          long[] u = units(rnd, speed, n, 1_500);
          for (int i = 0; i < n; i++) {
            u[i] = Math.round(u[i] * (1 + 3 * Math.exp(-i / (0.1 * n))));
          }
          return plain(u);
        }
        case SLOWING: {
          long[] u = units(rnd, speed, n, 1_500);
          for (int i = 0; i < n; i++) {
            u[i] = Math.round(u[i] * (1 + 2.0 * i / n));
          }
          return plain(u);
        }
        case PERIODIC_SLOW_ITEM: {
          long[] u = units(rnd, speed, n, 1_000);
          for (int i = rnd.nextInt(10); i < n; i += 10) {
            u[i] *= 10;
          }
          return plain(u);
        }
        case STALL: {
          long[] u = units(rnd, speed, n, 1_500);
          u[n * 3 / 10 + rnd.nextInt(n * 4 / 10)] += 60_000 + rnd.nextInt(180_001);
          return plain(u);
        }
        case BURSTY: {
          long[] u = new long[n];
          for (int i = 0; i < n; i++) {
            u[i] = Math.round(-Math.log(1 - rnd.nextDouble()) * 1_500 * speed);
            if (rnd.nextDouble() < 0.05) {
              int batch = Math.min(n - 1 - i, 5 + rnd.nextInt(16));
              i += batch;
            }
          }
          return plain(u);
        }
        case SILENT_START: {
          long[] u = units(rnd, speed, n, 1_000);
          u[0] = Math.round(n * 1_000 * speed * (0.45 + 0.2 * rnd.nextDouble()));
          return plain(u);
        }
        default:
          return plain(units(rnd, speed, n, 1_500));
      }
    }

    private static Trace plain(long[] unitMs) {
      return new Trace(List.of(new Step("work", 1, unitMs)), false);
    }

    /** {@code n} units of about {@code meanMs} each (times the run's speed, jitter ±30%). */
    private static long[] units(Random rnd, double speed, int n, long meanMs) {
      long[] u = new long[n];
      for (int i = 0; i < n; i++) {
        u[i] = Math.max(1, Math.round(meanMs * speed * (0.7 + 0.6 * rnd.nextDouble())));
      }
      return u;
    }
  }
}
