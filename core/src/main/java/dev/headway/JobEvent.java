package dev.headway;

import java.util.Objects;

/**
 * Something that happened to a job, with the job's full state right after it.
 *
 * <p>The snapshot is complete, so a listener that missed earlier events still knows everything.
 *
 * @param type what happened
 * @param job the job's state after it happened
 */
public record JobEvent(JobEventType type, JobSnapshot job) {
  /** Checks both fields. */
  public JobEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(job, "job");
  }
}
