package dev.headway;

import java.util.Objects;

/**
 * What {@link ProgressTracker#startOrAttach} did: started the job, found the caller's running job that holds the
 * same exclusive key, or found the key held by a job the caller may not read.
 */
public sealed interface JobStart {

  /**
   * The job was started.
   *
   * @param job the worker's handle
   */
  record Started(Job job) implements JobStart {
    /** Checks the handle. */
    public Started {
      Objects.requireNonNull(job, "job");
    }
  }

  /**
   * An active job the caller may read already holds the exclusive key: show that one instead of starting another.
   *
   * @param job the active job, as it is now
   */
  record Attached(JobSnapshot job) implements JobStart {
    /** Checks the snapshot. */
    public Attached {
      Objects.requireNonNull(job, "job");
    }
  }

  /**
   * An active job the caller may not read holds the exclusive key; which one is not told.
   *
   * @param key the exclusive key
   */
  record Busy(String key) implements JobStart {
    /** Checks the key. */
    public Busy {
      Objects.requireNonNull(key, "key");
    }
  }
}
