package dev.headway;

/**
 * How a tracker is doing, for a health check: whether its store takes writes, how much waits to be written, and
 * whether it hears the other nodes.
 *
 * @param storeWritable whether the last write to the store succeeded (while it fails, changes wait in memory and
 *     are retried)
 * @param writeBacklog how many jobs have changes not yet in the store
 * @param busConnected whether the cluster bus hears the other nodes (true for a single node)
 * @param stalledJobs how many of this node's running jobs are shown stalled (no progress for {@code stallAfter})
 */
public record TrackerHealth(boolean storeWritable, int writeBacklog, boolean busConnected, int stalledJobs) {

  /**
   * Returns whether nothing is wrong with the tracker itself: the store takes writes and the bus is connected
   * (stalled jobs are the workers' matter).
   *
   * @return true when healthy
   */
  public boolean isHealthy() {
    return storeWritable && busConnected;
  }
}
