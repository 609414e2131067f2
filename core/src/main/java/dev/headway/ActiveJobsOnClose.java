package dev.headway;

/**
 * What {@link ProgressTracker#close()} does with the tracker's jobs that are still running (or queued).
 */
public enum ActiveJobsOnClose {
  /**
   * Ends them {@code FAILED} with the error {@value dev.headway.ActiveJobsOnClose#STOPPED}, written before
   * {@code close()} returns; their workers see a cancel request, then an ended job. After a clean shutdown no job
   * shows "running". The default.
   */
  FAIL,

  /**
   * Leaves them as they are in the store, for another node's sweeper to end after {@code staleAfter}; nothing about
   * them is written after {@code close()}, and their workers' further calls throw {@link IllegalStateException}.
   */
  LEAVE;

  /** The error of jobs that {@link #FAIL} ends. */
  public static final String STOPPED = "the server stopped while this job was running";
}
