package dev.headway.spi;

import java.util.Objects;

/**
 * A write a store did not apply, with what it holds instead, so the writer can learn the truth rather than count a
 * write that changed nothing as done.
 *
 * <p>The writer tells the cases apart from {@code stored}: null when the job is unknown; a terminal state, or an
 * epoch other than the written one, when the job ended or was taken over (the write is refused for good); otherwise
 * a stored version at or above the written one, when the writer is behind (a cancel request recorded by another
 * node drew a higher version, for example), and may write again above it.
 *
 * @param write the write that was not applied
 * @param stored the job as stored after the attempt, or null when no such job is stored
 */
public record WriteConflict(JobWrite write, StoredJob stored) {
  /**
   * Checks the fields.
   *
   * @throws NullPointerException if {@code write} is null
   */
  public WriteConflict {
    Objects.requireNonNull(write, "write");
  }

  /**
   * Returns whether the job was ended or taken over by someone else, so the write can never be applied: the job is
   * unknown, stored as ended, or held at another epoch.
   *
   * @return true if refused for good
   */
  public boolean isFinal() {
    return stored == null || stored.state().isFinished() || stored.epoch() != write.epoch();
  }
}
