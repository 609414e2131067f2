package dev.headway.spi;

import dev.headway.JobSnapshot;
import dev.headway.JobStats;
import dev.headway.JobStatus;
import dev.headway.StepSnapshot;
import dev.headway.StepStats;
import dev.headway.StepStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts {@link JobStats} together from the counts a store reads, so every store counts the same things the same way.
 * A store keeps, for each ended job, its outcome and {@linkplain #jobDurationMs duration}, and for each of its
 * {@linkplain #countedSteps counted steps} the step's outcome and duration; it feeds the grouped counts here. Not
 * thread-safe.
 */
public final class JobStatsBuilder {
  private final Instant since;
  private long completed;
  private long failed;
  private long cancelled;
  private final DurationHistogram durations = new DurationHistogram();
  private final Map<String, StepTally> steps = new TreeMap<>();

  private static final class StepTally {
    long completed;
    long failed;
    final DurationHistogram durations = new DurationHistogram();
  }

  /**
   * Starts the figures of a period.
   *
   * @param since the start of the period
   */
  public JobStatsBuilder(Instant since) {
    this.since = since;
  }

  /**
   * Returns how long an ended job took, from its start to its end.
   *
   * @param job an ended job
   * @return milliseconds, or null for a job that never started
   */
  public static Long jobDurationMs(JobSnapshot job) {
    return between(job.startedAt(), job.completedAt());
  }

  /**
   * Returns the steps of an ended job that count in the figures: those that completed or failed in this attempt
   * (not those a retry carried over).
   *
   * @param job an ended job
   * @return the steps, in the job's order
   */
  public static List<StepSnapshot> countedSteps(JobSnapshot job) {
    List<StepSnapshot> counted = new ArrayList<>();
    for (StepSnapshot step : job.steps()) {
      if (!step.carriedOver() && (step.status() == StepStatus.COMPLETED || step.status() == StepStatus.FAILED)) {
        counted.add(step);
      }
    }
    return counted;
  }

  /**
   * Returns how long a step took.
   *
   * @param step a counted step
   * @return milliseconds, or null when its times are not known
   */
  public static Long stepDurationMs(StepSnapshot step) {
    return between(step.startedAt(), step.completedAt());
  }

  private static Long between(Instant start, Instant end) {
    return start == null || end == null ? null : Math.max(0, Duration.between(start, end).toMillis());
  }

  /**
   * Adds ended jobs of one outcome whose durations fell into one bucket.
   *
   * @param outcome completed, failed or cancelled
   * @param bucket their {@linkplain DurationHistogram#bucketOf duration bucket}, or null for jobs without a duration
   * @param n how many jobs
   * @param totalMs the sum of their durations
   * @return this builder
   */
  public JobStatsBuilder jobs(JobStatus outcome, Integer bucket, long n, long totalMs) {
    switch (outcome) {
      case COMPLETED -> {
        completed += n;
        if (bucket != null) {
          durations.add(bucket, n, totalMs);
        }
      }
      case FAILED -> failed += n;
      case CANCELLED -> cancelled += n;
      default -> throw new IllegalArgumentException(outcome.wireName() + " is not an outcome");
    }
    return this;
  }

  /**
   * Adds counted steps of one name and outcome whose durations fell into one bucket.
   *
   * @param name the step's name
   * @param outcome completed or failed
   * @param bucket their duration bucket, or null for steps without a duration
   * @param n how many steps
   * @param totalMs the sum of their durations
   * @return this builder
   */
  public JobStatsBuilder steps(String name, StepStatus outcome, Integer bucket, long n, long totalMs) {
    StepTally tally = steps.computeIfAbsent(name, k -> new StepTally());
    switch (outcome) {
      case COMPLETED -> {
        tally.completed += n;
        if (bucket != null) {
          tally.durations.add(bucket, n, totalMs);
        }
      }
      case FAILED -> tally.failed += n;
      default -> throw new IllegalArgumentException(outcome.wireName() + " is not a counted step outcome");
    }
    return this;
  }

  /**
   * Adds one ended job and its counted steps, for a store that holds snapshots in memory.
   *
   * @param job an ended job
   * @return this builder
   */
  public JobStatsBuilder add(JobSnapshot job) {
    Long ms = jobDurationMs(job);
    jobs(job.status(), ms == null ? null : DurationHistogram.bucketOf(ms), 1, ms == null ? 0 : ms);
    for (StepSnapshot step : countedSteps(job)) {
      Long stepMs = stepDurationMs(step);
      steps(step.name(), step.status(), stepMs == null ? null : DurationHistogram.bucketOf(stepMs), 1,
          stepMs == null ? 0 : stepMs);
    }
    return this;
  }

  /**
   * Returns the figures.
   *
   * @return the stats of everything added
   */
  public JobStats build() {
    List<StepStats> stepStats = new ArrayList<>(steps.size());
    steps.forEach((name, t) -> stepStats.add(new StepStats(name, t.completed, t.failed, t.durations.stats())));
    return new JobStats(since, completed, failed, cancelled, durations.stats(), stepStats);
  }
}
