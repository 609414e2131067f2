package dev.headway.jdbc.internal;

import dev.headway.JobSnapshot;
import java.time.Instant;

/** Copies of snapshots with the fields changed that the store keeps outside the snapshot's JSON. */
final class Snapshots {
  private Snapshots() {}

  /**
   * Returns a copy of a snapshot with other values for the fields the store handles itself.
   *
   * @param s the snapshot
   * @param result the result as JSON text, or null
   * @param cancelRequested whether a cancel was requested
   * @param cancelReason the cancel reason, or null
   * @param updatedAt when this version was made
   * @param version the version
   * @return the copy
   */
  static JobSnapshot with(JobSnapshot s, String result, boolean cancelRequested, String cancelReason,
      Instant updatedAt, long version) {
    return new JobSnapshot(s.id(), s.type(), s.owner(), s.tenant(), s.parentId(), s.status(), s.percent(),
        s.message(), s.step(), s.steps(), s.done(), s.total(), s.children(), s.eta(), s.elapsedMs(), s.stalled(),
        s.createdAt(), s.startedAt(), updatedAt, s.completedAt(), s.error(), result, cancelRequested, cancelReason,
        s.attributes(), version);
  }
}
