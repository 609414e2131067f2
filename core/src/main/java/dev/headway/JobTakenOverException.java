package dev.headway;

/**
 * Thrown to the worker of a job that the store no longer lets this node change: another node ended it (its sweeper
 * judged this node dead after a pause, a network cut or an outage) or it is no longer stored. The job's state here
 * has become the store's; the work should stop ({@link Job#isCancelRequested()} is true).
 */
public final class JobTakenOverException extends JobEndedException {
  private static final long serialVersionUID = 1L;

  private final String jobId;
  private final String holder;
  private final transient JobSnapshot stored;

  /**
   * Creates the exception.
   *
   * @param jobId the job
   * @param node this node's id
   * @param holder the node that holds the job now, or null when unknown
   * @param stored the job as stored, or null when it is no longer stored
   */
  public JobTakenOverException(String jobId, String node, String holder, JobSnapshot stored) {
    super(describe(jobId, node, holder, stored));
    this.jobId = jobId;
    this.holder = holder;
    this.stored = stored;
  }

  private static String describe(String jobId, String node, String holder, JobSnapshot stored) {
    if (stored == null) {
      return "job " + jobId + " is no longer in the store; node " + node + " cannot change it";
    }
    String by = holder == null || holder.equals(node) ? "another node" : "node " + holder;
    String why = stored.error() != null ? " (" + stored.error().message() + ")" : "";
    return "job " + jobId + " was ended as " + stored.status().wireName() + " by " + by + why + " while node "
        + node + " still ran it; the store refuses this node's changes to it";
  }

  /**
   * Returns the job's id.
   *
   * @return the id
   */
  public String jobId() {
    return jobId;
  }

  /**
   * Returns the node that holds the job now.
   *
   * @return the node id, or null when unknown
   */
  public String holder() {
    return holder;
  }

  /**
   * Returns the job as the store holds it: the truth.
   *
   * @return the stored state, or null when the job is no longer stored
   */
  public JobSnapshot stored() {
    return stored;
  }
}
