package dev.headway.jdbc.internal;

import dev.headway.JobSnapshot;
import dev.headway.StepSnapshot;
import dev.headway.StepStatus;
import dev.headway.spi.JobRun;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The ETA history a completed job leaves: how long it took, in all and per completed step. */
final class JobRuns {
  private JobRuns() {}

  /**
   * Returns the run of a completed job.
   *
   * @param job a completed job with start and completion times
   * @return its durations; a step counts only if it completed and has both times
   */
  static JobRun of(JobSnapshot job) {
    Map<String, Duration> steps = new LinkedHashMap<>();
    for (StepSnapshot step : job.steps()) {
      if (step.status() == StepStatus.COMPLETED && step.startedAt() != null && step.completedAt() != null) {
        steps.put(step.name(), Duration.between(step.startedAt(), step.completedAt()));
      }
    }
    return new JobRun(Duration.between(job.startedAt(), job.completedAt()), steps);
  }
}
