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
 * The end of a job written by someone other than its worker: a sweeper's for a job whose node stopped giving signs
 * of life ({@code FAILED}, "worker stopped responding", or {@code CANCELLED} if someone had asked to cancel it), and
 * the tracker's own for a job it can no longer run (lost from the store, created after its start gave up). The
 * running step ends with the job.
 */
final class Abandoned {
  static final String ERROR = "worker stopped responding";

  private Abandoned() {}

  /** The sweeper's end of an abandoned job. */
  static JobSnapshot end(JobSnapshot s, Instant now) {
    return end(s, s.cancelRequested() ? null : ERROR, s.version(), now);
  }

  /**
   * Ends a job from outside its worker: {@code FAILED} with the error, or {@code CANCELLED} when there is none, at a
   * version above {@code previousVersion}.
   */
  static JobSnapshot end(JobSnapshot s, String error, long previousVersion, Instant now) {
    boolean cancel = error == null;
    String runningStep = null;
    List<StepSnapshot> steps = new ArrayList<>(s.steps().size());
    for (StepSnapshot step : s.steps()) {
      if (step.status() == StepStatus.RUNNING) {
        runningStep = step.name();
        steps.add(new StepSnapshot(step.name(), step.weight(), cancel ? StepStatus.SKIPPED : StepStatus.FAILED,
            step.percent(), step.done(), step.total(), step.message(), step.startedAt(), now, error));
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
        .error(cancel ? null : new JobError(error, runningStep, now))
        .version(Versions.next(previousVersion, now))
        .build();
  }
}
