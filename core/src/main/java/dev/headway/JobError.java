package dev.headway;

import java.time.Instant;
import java.util.Objects;

/**
 * Why a job failed.
 *
 * @param message what went wrong, for a person to read
 * @param step the step that was running when it failed, or null
 * @param at when it failed
 */
public record JobError(String message, String step, Instant at) {
  /** Checks that message and time are present. */
  public JobError {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(at, "at");
  }
}
