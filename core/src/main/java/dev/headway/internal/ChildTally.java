package dev.headway.internal;

import dev.headway.ChildCounts;
import dev.headway.JobStatus;

/** Counts a bulk job's children by status, for a live parent and for one the sweeper ends alike. */
final class ChildTally {
  private int queued;
  private int running;
  private int completed;
  private int failed;
  private int cancelled;

  /** Counts one child. */
  void add(JobStatus status) {
    switch (status) {
      case QUEUED -> queued++;
      case RUNNING -> running++;
      case COMPLETED -> completed++;
      case FAILED -> failed++;
      case CANCELLED -> cancelled++;
      default -> throw new AssertionError(status);
    }
  }

  /** The counts, with the total the parent shows (which includes children declared but not created yet). */
  ChildCounts counts(int total) {
    return new ChildCounts(total, queued, running, completed, failed, cancelled);
  }
}
