package dev.headway;

/**
 * Receives a job's events.
 *
 * <p>Contract: calls for one job come in version order, one at a time, on the tracker's executor, never on the
 * worker's thread. A slow listener is not sent a backlog: consecutive {@code progress} events it has not taken yet
 * are merged into the latest one, while status and step events are always delivered. After a job's terminal event
 * ({@code job_completed}, {@code job_failed}, {@code job_cancelled}) there are no more calls for that job. An
 * exception thrown here is logged and affects nobody else.
 */
@FunctionalInterface
public interface JobListener {
  /**
   * Called with each event.
   *
   * @param event what happened, with the job's state right after it
   */
  void onEvent(JobEvent event);
}
