package dev.headway.jdbc.internal;

import dev.headway.JobSnapshot;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A cancel request lives in its own columns, {@code cancel_requested} and {@code cancel_reason}, beside the
 * snapshot: a worker's progress write carries the worker's view, which may not know of the request yet, and must
 * not erase it. This class merges the columns into the snapshot read back, and makes the state a request creates.
 */
public final class CancelRequests {
  private CancelRequests() {}

  /**
   * Returns the snapshot as the store shows it: a recorded request overrides the written snapshot's flag and reason.
   *
   * @param written the snapshot as last written
   * @param requested the {@code cancel_requested} column
   * @param reason the {@code cancel_reason} column
   * @return the snapshot with the recorded request
   */
  static JobSnapshot merged(JobSnapshot written, boolean requested, String reason) {
    if (!requested || written.cancelRequested() && Objects.equals(written.cancelReason(), reason)) {
      return written;
    }
    return withRequest(written, reason, written.updatedAt(), written.version());
  }

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
    return withRequest(stored, reason != null ? reason : stored.cancelReason(), updatedAt, version);
  }

  private static JobSnapshot withRequest(JobSnapshot s, String reason, Instant updatedAt, long version) {
    return new JobSnapshot(s.id(), s.type(), s.owner(), s.tenant(), s.parentId(), s.status(), s.percent(),
        s.message(), s.step(), s.steps(), s.done(), s.total(), s.children(), s.eta(), s.elapsedMs(), s.stalled(),
        s.createdAt(), s.startedAt(), updatedAt, s.completedAt(), s.error(), s.result(), true, reason,
        s.attributes(), version);
  }
}
