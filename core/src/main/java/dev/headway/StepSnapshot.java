package dev.headway;

import java.time.Instant;
import java.util.Objects;

/**
 * One named, weighted step of a job as it was at a version.
 *
 * @param name the step's name, unique within its job
 * @param weight its share of the job's work relative to the other steps
 * @param status where the step is
 * @param percent how far the step is, 0–100
 * @param done units done, or null when the step reports no units
 * @param total units in all, or null when unknown
 * @param message the step's latest message, or null
 * @param startedAt when it started, or null
 * @param completedAt when it ended (completed, failed or skipped), or null
 * @param error why it failed, or null
 * @param result what the completed step produced, as JSON text ({@link Job#completeStep(String)}), or null
 * @param carriedOver true when the step completed in an earlier attempt and this {@linkplain
 *     ProgressTracker#retry retry} took it over as it was, without running it again
 */
public record StepSnapshot(
    String name,
    double weight,
    StepStatus status,
    double percent,
    Long done,
    Long total,
    String message,
    Instant startedAt,
    Instant completedAt,
    String error,
    String result,
    boolean carriedOver) {
  /** Checks the required fields. */
  public StepSnapshot {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
  }

  /**
   * Creates a step that has no result and ran in this attempt.
   *
   * @param name see the record
   * @param weight see the record
   * @param status see the record
   * @param percent see the record
   * @param done see the record
   * @param total see the record
   * @param message see the record
   * @param startedAt see the record
   * @param completedAt see the record
   * @param error see the record
   */
  public StepSnapshot(String name, double weight, StepStatus status, double percent, Long done, Long total,
      String message, Instant startedAt, Instant completedAt, String error) {
    this(name, weight, status, percent, done, total, message, startedAt, completedAt, error, null, false);
  }
}
