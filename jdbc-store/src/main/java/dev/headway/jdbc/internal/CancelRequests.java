package dev.headway.jdbc.internal;

import dev.headway.JobSnapshot;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The state a cancel request makes of an active job. */
public final class CancelRequests {
  private CancelRequests() {}

  /**
   * Returns the state of an active job once a cancel request is recorded: a new version (above the stored one and
   * at least the request time in microseconds, as the tracker draws versions), the later of the two update times,
   * and the new reason, or the earlier request's when none is given.
   *
   * @param stored the job's stored state
   * @param reason why, or null
   * @param at when the request was made
   * @return the new state
   */
  public static JobSnapshot requested(JobSnapshot stored, String reason, Instant at) {
    long version = Math.max(Math.addExact(stored.version(), 1), ChronoUnit.MICROS.between(Instant.EPOCH, at));
    Instant updatedAt = at.isAfter(stored.updatedAt()) ? at : stored.updatedAt();
    String kept = reason != null ? reason : stored.cancelReason();
    return Snapshots.with(stored, stored.result(), true, kept, updatedAt, version);
  }
}
