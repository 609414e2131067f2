package dev.headway.internal;

import dev.headway.JobError;
import dev.headway.JobSnapshot;
import dev.headway.JobStatus;
import dev.headway.StepSnapshot;
import dev.headway.StepStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The end of a job whose node stopped giving signs of life: {@code FAILED} ("worker stopped responding") with its
 * running step failed too, or {@code CANCELLED} if someone had asked to cancel it.
 */
final class Abandoned {
  static final String ERROR = "worker stopped responding";

  private Abandoned() {}

  static JobSnapshot end(JobSnapshot s, Instant now) {
    boolean cancel = s.cancelRequested();
    String runningStep = null;
    List<StepSnapshot> steps = new ArrayList<>(s.steps().size());
    for (StepSnapshot step : s.steps()) {
      if (step.status() == StepStatus.RUNNING) {
        runningStep = step.name();
        steps.add(new StepSnapshot(step.name(), step.weight(), cancel ? StepStatus.SKIPPED : StepStatus.FAILED,
            step.percent(), step.done(), step.total(), step.message(), step.startedAt(), now, cancel ? null : ERROR));
      } else {
        steps.add(step);
      }
    }
    return s.toBuilder()
        .status(cancel ? JobStatus.CANCELLED : JobStatus.FAILED)
        .steps(steps)
        .eta(null)
        .elapsedMs(s.startedAt() == null ? null : Duration.between(s.startedAt(), now).toMillis())
        .stalled(false)
        .updatedAt(now)
        .completedAt(now)
        .error(cancel ? null : new JobError(ERROR, runningStep, now))
        .cancelRequested(cancel)
        .version(Versions.next(s.version(), now))
        .build();
  }
}
