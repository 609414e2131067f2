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
 * A synthetic run of a job: steps run one after the other, each a list of units of known duration; a unit's
 * progress is reported when it completes (as {@code job.advance(1)} would). Built from a seeded {@link Random}, so
 * every trace is the same on every run of the tests.
 */
final class EtaTrace {
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  /** A step of the trace: its name, weight and the duration of each of its units in ms. */
  record Step(String name, double weight, long[] unitMs) {
    long durationMs() {
      long sum = 0;
      for (long u : unitMs) {
        sum += u;
      }
      return sum;
    }
  }

  /** The kinds of traces the estimator is proven on. */
  enum Family {
    /** Steps research 1 / writing 2 / seo 1; seo takes five times its weight's share of the time. */
    UNEVEN_STEPS,
    /** Every fifth unit of the writing step is ten times slower than the others. */
    PERIODIC_SLOW_STEP,
    /** Progress stops for one to four minutes in the middle of the writing step, then goes on. */
    STALL;

    /** Makes one run of this family; each run has its own speed and jitter, as real runs do. */
    EtaTrace generate(Random rnd) {
      double speed = Math.exp(0.15 * rnd.nextGaussian());
      switch (this) {
        case UNEVEN_STEPS:
          return new EtaTrace(List.of(
              step("research", 1, units(rnd, speed, 10, 6_000)),
              step("writing", 2, units(rnd, speed, 20, 6_000)),
              step("seo", 1, units(rnd, speed, 10, 30_000))));
        case PERIODIC_SLOW_STEP: {
          long[] writing = units(rnd, speed, 30, 3_000);
          int offset = rnd.nextInt(5);
          for (int i = offset; i < writing.length; i += 5) {
            writing[i] *= 10;
          }
          return new EtaTrace(List.of(
              step("research", 1, units(rnd, speed, 10, 5_000)),
              step("writing", 2, writing),
              step("seo", 1, units(rnd, speed, 10, 4_000))));
        }
        case STALL: {
          long[] writing = units(rnd, speed, 20, 5_000);
          writing[6 + rnd.nextInt(9)] += 60_000 + rnd.nextInt(180_001);
          return new EtaTrace(List.of(
              step("research", 1, units(rnd, speed, 10, 5_000)),
              step("writing", 2, writing),
              step("seo", 1, units(rnd, speed, 10, 5_000))));
        }
        default:
          throw new AssertionError(this);
      }
    }

    private static Step step(String name, double weight, long[] unitMs) {
      return new Step(name, weight, unitMs);
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

  private final List<Step> steps;

  EtaTrace(List<Step> steps) {
    this.steps = List.copyOf(steps);
  }

  /** How long the whole run takes, in ms. */
  long durationMs() {
    long sum = 0;
    for (Step s : steps) {
      sum += s.durationMs();
    }
    return sum;
  }

  /** The run as history: its duration and, when {@code perStep}, each step's duration. */
  JobRun toRun(boolean perStep) {
    Map<String, Duration> byStep = new LinkedHashMap<>();
    if (perStep) {
      for (Step s : steps) {
        byStep.put(s.name(), Duration.ofMillis(s.durationMs()));
      }
    }
    return new JobRun(Duration.ofMillis(durationMs()), byStep);
  }

  /**
   * The running job as it is {@code t} ms after it started ({@code t} before the end).
   *
   * @param withSteps false to show the job without named steps (overall percent only)
   */
  JobSnapshot at(long t, boolean withSteps) {
    double weights = 0;
    for (Step s : steps) {
      weights += s.weight();
    }
    List<StepSnapshot> snapshots = new ArrayList<>();
    double fraction = 0;
    String current = null;
    long stepStart = 0;
    for (Step s : steps) {
      long[] units = s.unitMs();
      long end = stepStart;
      int done = 0;
      for (long u : units) {
        if (end + u > t) {
          break;
        }
        end += u;
        done++;
      }
      StepStatus status;
      if (t < stepStart) {
        status = StepStatus.PENDING;
      } else if (done == units.length) {
        status = StepStatus.COMPLETED;
      } else {
        status = StepStatus.RUNNING;
        current = s.name();
      }
      double stepFraction = (double) done / units.length;
      fraction += s.weight() / weights * stepFraction;
      snapshots.add(new StepSnapshot(s.name(), s.weight(), status, 100.0 * stepFraction, (long) done,
          (long) units.length, null,
          status == StepStatus.PENDING ? null : START.plusMillis(stepStart),
          status == StepStatus.COMPLETED ? START.plusMillis(stepStart + s.durationMs()) : null, null));
      stepStart += s.durationMs();
    }
    JobSnapshot.Builder b = SnapshotBuilder.job()
        .startedAt(START)
        .updatedAt(START.plusMillis(t))
        .percent(Math.min(100, 100 * fraction))
        .elapsedMs(t);
    if (withSteps) {
      b.steps(snapshots).step(current);
    }
    return b.build();
  }
}
