package dev.headway.spi;

import dev.headway.JobSnapshot;
import dev.headway.internal.Versions;
import java.time.Instant;

/** The state a recorded cancel request makes of an active job: the same in every {@link JobStore}. */
public final class CancelRequests {
  private CancelRequests() {}

  /**
   * Returns an active job's state once a cancel request is recorded: a new version (above the stored one and at
   * least the request time in microseconds, as the tracker draws versions), the later of the two update times, and
   * the new reason, or the earlier request's when none is given.
   *
   * @param stored the job's stored state
   * @param reason why, or null
   * @param at when the request was made
   * @return the new state
   */
  public static JobSnapshot recorded(JobSnapshot stored, String reason, Instant at) {
    return stored.toBuilder()
        .cancelRequested(true)
        .cancelReason(reason != null ? reason : stored.cancelReason())
        .updatedAt(at.isAfter(stored.updatedAt()) ? at : stored.updatedAt())
        .version(Versions.next(stored.version(), at))
        .build();
  }

  /**
   * Returns a written state with the cancel request the store recorded earlier kept in it: a recorded request
   * (flag and reason) wins over a written false or null, so a worker's progress never erases it.
   *
   * @param stored the stored state
   * @param written the state being written
   * @return the state to store
   */
  public static JobSnapshot kept(JobSnapshot stored, JobSnapshot written) {
    if (!stored.cancelRequested() || written.cancelRequested() && written.cancelReason() != null) {
      return written;
    }
    String reason = written.cancelReason() != null ? written.cancelReason() : stored.cancelReason();
    return written.toBuilder().cancelRequested(true).cancelReason(reason).build();
  }
}
