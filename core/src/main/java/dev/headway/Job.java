package dev.headway;

import java.util.Optional;

/**
 * The worker's handle on one job: report steps, progress and messages, then finish it.
 *
 * <pre>{@code
 * try (Job job = tracker.start(spec)) {
 *   job.startStep("research");
 *   job.message("Researching topic…");
 *   ...
 *   job.startStep("writing");           // completes "research"
 *   for (Section s : sections) { write(s); job.checkpoint(); job.progress(++n, sections.size()); }
 *   job.complete("{\"articleId\": 42}");
 * }                                      // threw before complete()? the job ends FAILED, never stuck "running"
 * }</pre>
 *
 * <p>Thread-safe: several threads may report on one job (parallel sub-tasks); no increment is lost. Progress
 * calls ({@link #advance}, {@link #progress}, {@link #message}) touch memory only and are cheap; status calls
 * (steps, finishing) publish an event and are written to the store before they return.
 *
 * <p>Every change to a job that has ended throws {@link JobEndedException}; closing it does not. If the store
 * refuses a status change, the call throws {@link HeadwayException} after the change was made in memory (observers
 * see it); the tracker's flusher keeps retrying the write.
 */
public interface Job extends AutoCloseable {

  /**
   * Returns the job's id.
   *
   * @return the id
   */
  String id();

  /**
   * Returns the job's current state.
   *
   * @return a snapshot
   */
  JobSnapshot snapshot();

  /**
   * Starts a job that was created {@code QUEUED}.
   *
   * @throws IllegalStateException if the job is not queued
   */
  void start();

  /**
   * Starts the named step; a step still running is completed first.
   *
   * @param name a step declared in the job's spec
   * @throws IllegalArgumentException if the job has no such step
   * @throws IllegalStateException if the step has already ended, unless a retry {@linkplain
   *     StepSnapshot#carriedOver carried it over}: such a step runs again
   */
  void startStep(String name);

  /**
   * Completes the running step.
   *
   * @throws IllegalStateException if no step is running
   */
  void completeStep();

  /**
   * Completes the running step with a result, which a {@linkplain ProgressTracker#retry retry} of this job gets
   * back from {@link #stepResult} instead of running the step again. Keep it small (ids, references): it is part of
   * the job's snapshot.
   *
   * @param resultJson JSON text, at most {@link Limits#MAX_RESULT_LENGTH} characters
   * @throws IllegalArgumentException if the text is not JSON or too long
   * @throws IllegalStateException if no step is running
   */
  void completeStep(String resultJson);

  /**
   * Returns whether a step has completed, in this attempt or, for a {@linkplain ProgressTracker#retry retry}, in an
   * earlier one; a worker skips such a step.
   *
   * @param name a step declared in the job's spec
   * @return true when the step is completed
   * @throws IllegalArgumentException if the job has no such step
   */
  boolean isStepDone(String name);

  /**
   * Returns the result a completed step was given ({@link #completeStep(String)}), in this attempt or an earlier
   * one.
   *
   * @param name a step declared in the job's spec
   * @return the result as JSON text, or empty when the step is not completed or has no result
   * @throws IllegalArgumentException if the job has no such step
   */
  Optional<String> stepResult(String name);

  /**
   * Fails the running step; the job goes on (call {@link #fail} to end the job).
   *
   * @param error what went wrong
   * @throws IllegalStateException if no step is running
   */
  void failStep(String error);

  /**
   * Skips a pending step; it counts as finished for the job's percent.
   *
   * @param name the step
   * @throws IllegalArgumentException if the job has no such step
   * @throws IllegalStateException if the step is not pending
   */
  void skipStep(String name);

  /**
   * Adds {@code units} to the done count of the running step (or of the job, when it has no steps).
   *
   * @param units how many units were done, >= 0
   * @throws IllegalArgumentException if units is negative or the new count would exceed the known total
   */
  void advance(long units);

  /**
   * Sets done and total of the running step (or of the job, when it has no steps).
   *
   * @param done units done, {@code 0 <= done <= total}
   * @param total units in all
   * @throws IllegalArgumentException if the numbers are negative or done exceeds total
   */
  void progress(long done, long total);

  /**
   * Sets the running step's (or the job's) progress as a fraction, for work that is not counted in units.
   *
   * @param fraction from 0.0 to 1.0
   * @throws IllegalArgumentException if fraction is NaN or outside 0–1
   */
  void progress(double fraction);

  /**
   * Sets the message shown with the job and its running step.
   *
   * @param text at most {@link Limits#MAX_MESSAGE_LENGTH} characters, or null to clear it
   * @throws IllegalArgumentException if the text is too long
   */
  void message(String text);

  /**
   * Adds an {@link LogLevel#INFO} line to the job's log. See {@link #log(LogLevel, String)}.
   *
   * @param text the line
   */
  void log(String text);

  /**
   * Adds a line to the job's log, under the running step. Cheap: the line is kept in memory and written with the
   * job's next write-behind flush, never one write per line; observers get it as a {@code log} event. The log keeps
   * the newest {@link Limits#MAX_LOG_LINES_PER_STEP} lines and {@link Limits#MAX_LOG_CHARS_PER_STEP} characters per
   * step; control characters become spaces and a line is cut at {@link Limits#MAX_LOG_LINE_LENGTH} characters.
   * Lines logged after the job ended are dropped.
   *
   * @param level how much it matters
   * @param text the line
   * @throws NullPointerException if an argument is null
   */
  void log(LogLevel level, String text);

  /**
   * Returns whether someone asked to cancel this job.
   *
   * @return true once {@link ProgressTracker#cancel} was called for it
   */
  boolean isCancelRequested();

  /**
   * Throws {@link JobCancelledException} if someone asked to cancel this job; call it between units of work.
   *
   * @throws JobCancelledException if cancellation was requested
   */
  void checkpoint();

  /**
   * Creates a child job of this bulk job; this job's snapshot then shows "X of Y" and the combined percent.
   *
   * @param spec the child's spec; its parent is set to this job
   * @return the child's handle
   * @throws IllegalStateException if this job has ended or its children are sealed
   */
  Job startChild(JobSpec spec);

  /**
   * Declares that no more children will be created: this job then ends by itself when its last child ends
   * (at once if none is active). It ends {@code COMPLETED} only if every child completed; {@code FAILED} if any
   * child failed (the error says how many), otherwise {@code CANCELLED} if any child was cancelled. Partial failure
   * stays visible in {@link JobSnapshot#children()}. Sealing a job that has no children completes it at once.
   *
   * @throws JobEndedException if this job has ended
   */
  void sealChildren();

  /** Completes the job: percent becomes 100 and running steps complete. */
  void complete();

  /**
   * Completes the job with a result.
   *
   * @param resultJson JSON text (object, array or value), at most {@link Limits#MAX_RESULT_LENGTH} characters
   * @throws IllegalArgumentException if the text is not JSON or too long
   * @throws IllegalStateException if the job still has active children
   */
  void complete(String resultJson);

  /**
   * Fails the job; the running step fails too, and the step and time are recorded.
   *
   * @param message what went wrong
   */
  void fail(String message);

  /**
   * Fails the job because of an exception.
   *
   * @param message what went wrong, or null to use the exception's text
   * @param cause the exception
   */
  void fail(String message, Throwable cause);

  /**
   * Ends the job {@code CANCELLED}: the worker acknowledges a cancel request (or cancels on its own).
   */
  void cancelled();

  /**
   * Ends the job if the worker has not: {@code CANCELLED} when a cancel was requested, {@code FAILED}
   * ("ended without completing") otherwise. Does nothing for a job that has ended. Never throws.
   */
  @Override
  void close();
}
