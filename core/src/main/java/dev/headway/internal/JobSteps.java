package dev.headway.internal;

import dev.headway.JobSnapshot;
import dev.headway.JobSpec;
import dev.headway.JobStatus;
import dev.headway.StepSnapshot;
import dev.headway.StepSpec;
import dev.headway.StepStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's steps: its named, weighted steps, or the one implicit step of a job without them; which one runs; and how
 * far they are together.
 *
 * <p>Progress reads ({@link #fraction()}, {@link #running()}) use volatile fields only, so a parent can read its
 * children without their locks. Status changes happen under the owning job's lock.
 */
final class JobSteps {
  private final String jobId;
  private final StepState[] steps;
  private final Map<String, StepState> byName;
  private final boolean named;
  private volatile StepState running;

  /** The steps of a new job; those {@code previous} (an earlier attempt, or null) completed are carried over. */
  JobSteps(String jobId, JobSpec spec, JobSnapshot previous) {
    this.jobId = jobId;
    this.named = !spec.steps().isEmpty();
    if (named) {
      steps = new StepState[spec.steps().size()];
      byName = new HashMap<>();
      for (int i = 0; i < steps.length; i++) {
        StepSpec s = spec.steps().get(i);
        steps[i] = new StepState(s.name(), s.weight(), null);
        byName.put(s.name(), steps[i]);
      }
      if (previous != null) {
        for (StepSnapshot earlier : previous.steps()) {
          StepState step = byName.get(earlier.name());
          if (step != null && earlier.status() == StepStatus.COMPLETED) {
            step.carryOver(earlier);
          }
        }
      }
    } else {
      steps = new StepState[] {new StepState(null, 1, spec.total())};
      byName = Map.of();
    }
  }

  /** Whether the job declared named steps; without, it has one implicit step. */
  boolean named() {
    return named;
  }

  /** The step that runs now, or null. */
  StepState running() {
    return running;
  }

  /** The name of the step that runs now, or null (always null for the implicit step). */
  String runningName() {
    StepState step = running;
    return named && step != null ? step.name : null;
  }

  /** Returns a named step. */
  StepState named(String name) {
    StepState step = byName.get(name);
    if (step == null) {
      throw new IllegalArgumentException("job " + jobId + " has no step '" + name + "'; its steps are "
          + List.of(steps).stream().map(s -> s.name).toList());
    }
    return step;
  }

  /** The job started: a job without named steps starts its implicit step. */
  void jobStarted() {
    if (!named) {
      steps[0].status = StepStatus.RUNNING;
      running = steps[0];
    }
  }

  /** Starts a named step; the caller has ended the one that ran before. */
  void start(StepState step, Instant now) {
    if (step.carriedOver) {
      step.forgetCarriedOver();
    }
    step.status = step.status.moveTo(step.name, StepStatus.RUNNING);
    step.startedAt = now;
    running = step;
  }

  /** Ends a step with an outcome. */
  void end(StepState step, StepStatus outcome, String error, Instant now) {
    end(step, outcome, error, null, now);
  }

  /** Ends a step with an outcome and, for a completed one, a result (or null). */
  void end(StepState step, StepStatus outcome, String error, String result, Instant now) {
    step.status = step.status.moveTo(step.name, outcome);
    step.completedAt = now;
    step.error = error;
    step.result = result;
    if (running == step) {
      running = null;
    }
  }

  /**
   * Closes the steps as the job ends: the running one completes, fails or is skipped with the job; pending ones are
   * skipped when the job completes and stay pending otherwise.
   */
  void jobEnded(JobStatus outcome, String errorText, Instant now) {
    for (StepState step : steps) {
      if (step.status == StepStatus.RUNNING) {
        StepStatus stepOutcome = outcome == JobStatus.COMPLETED ? StepStatus.COMPLETED
            : outcome == JobStatus.FAILED ? StepStatus.FAILED : StepStatus.SKIPPED;
        end(step, stepOutcome, outcome == JobStatus.FAILED ? errorText : null, now);
      } else if (step.status == StepStatus.PENDING && outcome == JobStatus.COMPLETED) {
        end(step, StepStatus.SKIPPED, null, now);
      }
    }
    running = null;
  }

  /** The job was ended elsewhere: nothing runs here any more. */
  void stopped() {
    running = null;
  }

  /** Returns the weighted progress of the steps, 0–1. */
  double fraction() {
    if (named) {
      double weighted = 0;
      double weights = 0;
      for (StepState step : steps) {
        weighted += step.weight * step.fraction();
        weights += step.weight;
      }
      return weighted / weights;
    }
    return steps[0].fraction();
  }

  /** Returns a number that changes whenever any step's progress changes, for stall detection. */
  long progressMark() {
    long mark = 0;
    for (StepState step : steps) {
      mark = mark * 31 + step.progressMark();
    }
    return mark;
  }

  /** The named steps' snapshots, empty for a job without named steps. */
  List<StepSnapshot> snapshots() {
    if (!named) {
      return List.of();
    }
    StepSnapshot[] array = new StepSnapshot[steps.length];
    for (int i = 0; i < steps.length; i++) {
      array[i] = steps[i].snapshot();
    }
    return List.of(array);
  }

  /** The implicit step's done count, or null for a job with named steps. */
  Long implicitDone() {
    return named ? null : steps[0].doneOrNull();
  }

  /** The implicit step's total, or null for a job with named steps. */
  Long implicitTotal() {
    return named ? null : steps[0].totalOrNull();
  }
}
