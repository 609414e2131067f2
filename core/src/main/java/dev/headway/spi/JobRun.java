package dev.headway.spi;

import dev.headway.JobSnapshot;
import dev.headway.StepSnapshot;
import dev.headway.StepStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How long one completed job took, in all and per step: the history an {@link EtaEstimator} learns from.
 *
 * @param duration from start to completion
 * @param steps each completed step's duration, by name; empty when the job had no steps
 */
public record JobRun(Duration duration, Map<String, Duration> steps) {
  /** Checks the duration and freezes the map. */
  public JobRun {
    Objects.requireNonNull(duration, "duration");
    steps = steps == null ? Map.of() : Map.copyOf(steps);
  }

  /**
   * Returns how long a completed job took: in all, and for each step that completed with both times known.
   *
   * @param job a completed job with start and completion times
   * @return its run
   */
  public static JobRun of(JobSnapshot job) {
    Map<String, Duration> steps = new LinkedHashMap<>();
    for (StepSnapshot step : job.steps()) {
      if (step.status() == StepStatus.COMPLETED && step.startedAt() != null && step.completedAt() != null) {
        steps.put(step.name(), Duration.between(step.startedAt(), step.completedAt()));
      }
    }
    return new JobRun(Duration.between(job.startedAt(), job.completedAt()), steps);
  }
}
