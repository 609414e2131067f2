package dev.headway.spi;

import dev.headway.JobSnapshot;
import java.util.Objects;

/**
 * A new state of a job, written by the node that holds it.
 *
 * <p>The {@code epoch} is the fencing token of the writer's hold on the job: the node that inserts a job holds it at
 * {@link #FIRST_EPOCH}, and a node that {@linkplain JobStore#takeOver takes it over} raises it by one. A store applies
 * a write only while the stored epoch is the written one, so a node that was paused, cut off or declared dead can
 * never overwrite what the job's new holder decided.
 *
 * @param state the state to write
 * @param epoch the epoch the writer holds the job at
 * @param log the log lines that came with this state, written only if the state is
 */
public record JobWrite(JobSnapshot state, long epoch, LogAppend log) {
  /** The epoch of the node that inserted a job. */
  public static final long FIRST_EPOCH = 1;

  /**
   * Checks the fields.
   *
   * @throws NullPointerException if {@code state} is null
   * @throws IllegalArgumentException if {@code epoch} is below {@link #FIRST_EPOCH}
   */
  public JobWrite {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(log, "log");
    if (epoch < FIRST_EPOCH) {
      throw new IllegalArgumentException("epoch must be >= " + FIRST_EPOCH + ", was " + epoch);
    }
  }

  /**
   * Creates a write without log lines.
   *
   * @param state the state to write
   * @param epoch the epoch the writer holds the job at
   */
  public JobWrite(JobSnapshot state, long epoch) {
    this(state, epoch, LogAppend.NONE);
  }

  /**
   * Returns a write of a state by the job's first holder.
   *
   * @param state the state
   * @return the write
   */
  public static JobWrite first(JobSnapshot state) {
    return new JobWrite(state, FIRST_EPOCH);
  }
}
