package dev.headway.spi;

import dev.headway.JobSnapshot;
import java.util.Objects;

/**
 * A job as a store holds it: its state, the node that holds it, and the epoch of that hold (see {@link JobWrite}).
 *
 * @param state the stored state, with any recorded cancel request merged in
 * @param holder the node that inserted the job, or the node that last took it over
 * @param epoch the epoch of that node's hold
 */
public record StoredJob(JobSnapshot state, String holder, long epoch) {
  /**
   * Checks the fields.
   *
   * @throws NullPointerException if {@code state} or {@code holder} is null
   */
  public StoredJob {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(holder, "holder");
  }
}
