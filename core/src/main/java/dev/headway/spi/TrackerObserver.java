package dev.headway.spi;

import dev.headway.JobEventType;
import dev.headway.JobSnapshot;

/**
 * What a tracker tells a metrics system (see {@code headway-micrometer}): the lifecycle of this node's own jobs and
 * every call it makes to its store. Never told of progress, so a worker's hot path costs the same with or without
 * one.
 *
 * <p>Calls come from the tracker's threads (workers' status calls, the store writer, housekeeping), concurrently;
 * they must be fast and thread-safe. One that throws is logged and ignored.
 */
public interface TrackerObserver {
  /** Observes nothing; the default. */
  TrackerObserver NONE = new TrackerObserver() {};

  /**
   * A job of this node changed status or step: created or started, a step started or ended, a cancel request, or
   * its end. Other nodes' jobs and {@code progress} are never told.
   *
   * @param type what happened
   * @param job the job's state after it
   */
  default void jobEvent(JobEventType type, JobSnapshot job) {}

  /**
   * A call to the store returned or failed.
   *
   * @param operation the {@link JobStore} method's name, e.g. {@code update} (a flush or a status write),
   *     {@code heartbeat}, {@code takeOver} (a sweep)
   * @param items how many jobs the call wrote or returned
   * @param nanos how long the call took
   * @param failure why it failed, or null when it returned
   */
  default void storeCall(String operation, int items, long nanos, Throwable failure) {}

  /**
   * Change notices crossed the cluster bus: this node's announced, or other nodes' received.
   *
   * @param sent true for notices this node sent, false for notices it received
   * @param count how many
   */
  default void busNotices(boolean sent, int count) {}

  /** The cluster bus asked for a resync, as it does after it reconnected: notices may have been missed. */
  default void busResync() {}
}
