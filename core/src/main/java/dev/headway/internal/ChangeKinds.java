package dev.headway.internal;

import dev.headway.JobEventType;
import dev.headway.JobSnapshot;
import dev.headway.JobStatus;
import dev.headway.StepSnapshot;
import dev.headway.StepStatus;
import java.util.List;

/**
 * Names the event a job's change from one stored state to a later one stands for, when the change was made on
 * another node and only the states are known. The most telling change wins: the end, then a cancel request, then
 * the start, then a step's change, else progress.
 */
final class ChangeKinds {
  private ChangeKinds() {}

  /**
   * Returns the event type for a change.
   *
   * @param before the state seen last, or null when none was seen
   * @param after the newer state
   * @return the type
   */
  static JobEventType between(JobSnapshot before, JobSnapshot after) {
    if (after.status().isTerminal()) {
      return JobEventType.endedAs(after.status());
    }
    if (after.cancelRequested() && (before == null || !before.cancelRequested())) {
      return JobEventType.CANCEL_REQUESTED;
    }
    if (before == null) {
      // A job this node has not shown before: to a filter's subscriber it is new.
      return after.status() == JobStatus.QUEUED ? JobEventType.JOB_CREATED : JobEventType.JOB_STARTED;
    }
    if (before.status() == JobStatus.QUEUED && after.status() == JobStatus.RUNNING) {
      return JobEventType.JOB_STARTED;
    }
    JobEventType step = stepChange(before.steps(), after.steps());
    return step != null ? step : JobEventType.PROGRESS;
  }

  /** A step that started wins over one that ended (starting the next step ends the running one). */
  private static JobEventType stepChange(List<StepSnapshot> before, List<StepSnapshot> after) {
    if (before.size() != after.size()) {
      return null;
    }
    JobEventType ended = null;
    for (int i = 0; i < after.size(); i++) {
      StepStatus was = before.get(i).status();
      StepStatus now = after.get(i).status();
      if (was == now) {
        continue;
      }
      switch (now) {
        case RUNNING -> {
          return JobEventType.STEP_STARTED;
        }
        case COMPLETED -> ended = JobEventType.STEP_COMPLETED;
        case FAILED -> ended = JobEventType.STEP_FAILED;
        case SKIPPED -> ended = JobEventType.STEP_SKIPPED;
        default -> { }
      }
    }
    return ended;
  }
}
