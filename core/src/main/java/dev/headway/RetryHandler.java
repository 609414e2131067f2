package dev.headway;

/**
 * Starts the work of a retried job ({@link ProgressTracker#retry}). Headway does not run work: the host registers
 * one handler per job type ({@link ProgressTracker.Builder#retryHandler}) and the handler hands the new attempt to
 * whatever runs the host's work, then returns.
 *
 * <p>The attempt is running when the handler gets it and carries the steps that completed in the earlier attempt,
 * with their results ({@link Job#isStepDone}, {@link Job#stepResult}); a worker that ignores them runs those steps
 * again. A handler that throws leaves the attempt failed, with the exception's message.
 */
@FunctionalInterface
public interface RetryHandler {

  /**
   * Hands a new attempt to the host's workers. Must not block for long: the caller (an HTTP request, say) waits.
   *
   * @param attempt the new attempt's worker handle; the handler or its worker owns it and must end it
   * @param previous the attempt it retries, as it ended
   */
  void retry(Job attempt, JobSnapshot previous);
}
