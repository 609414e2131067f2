package dev.headway.internal;

import dev.headway.JobEventType;
import dev.headway.JobSnapshot;
import dev.headway.JobTakenOverException;
import java.time.Instant;

/**
 * What a job's observers were shown, set against what the store holds: the latest state built (what the writer
 * writes), the state shown, an end waiting until the store holds it, the version the store holds, and whether the
 * store still takes this node's writes of the job.
 *
 * <p>Guarded by the owning job's monitor: the job calls every method while holding its lock, except the lock-free
 * reads of volatile fields ({@link #persistedVersion}, {@link #heldActive}, {@link #refusal}, {@link #detached},
 * {@link #writable}), so the store writer waiting for a version, the heartbeat and the worker's checks never wait
 * for the job. A refusal is set before the version it brings, so whoever sees that version sees the refusal too.
 */
final class JobRecord {
  private final RealProgressTracker tracker;

  private volatile long persistedVersion;
  /** Whether the store shows the job active and held by this node: then it needs heartbeats. */
  private volatile boolean heldActive = true;
  /** Set when the store refused this node's writes for good; the worker's changes are refused from then on. */
  private volatile JobTakenOverException refusal;
  /** Set when the tracker closed and left the job to another node's sweeper: nothing is written any more. */
  private volatile boolean detached;

  /** Read without the job's lock by the heartbeat walk. */

  private volatile Instant writtenAt;
  /** The latest state built: what the writer writes. */
  private JobSnapshot last;
  /** The latest state observers were shown: an end waits in {@link #pendingEnd} until the store holds it. */
  private JobSnapshot visible;
  private JobSnapshot pendingEnd;

  /**
   * @param tracker where shown states are published
   * @param first the job's first state, shown but not yet published (the tracker announces it after the insert)
   */
  JobRecord(RealProgressTracker tracker, JobSnapshot first) {
    this.tracker = tracker;
    this.last = first;
    this.visible = first;
  }

  /** Takes a newly built state: a non-terminal one is shown (published) at once, an end once the store holds it. */
  void built(JobEventType type, JobSnapshot snap) {
    last = snap;
    if (type.isTerminal()) {
      pendingEnd = snap;
    } else {
      visible = snap;
      tracker.publish(type, snap);
    }
  }

  /** Returns the latest state built. */
  JobSnapshot latest() {
    return last;
  }

  /** Returns the state observers see: the latest, except an end the store does not hold yet. */
  JobSnapshot shown() {
    return visible;
  }

  /** Records that the store accepted the job's first state. */
  void inserted(JobSnapshot first) {
    persistedVersion = first.version();
    writtenAt = first.updatedAt();
  }

  /** Returns the latest state if the store does not hold it yet, else null. */
  JobSnapshot unwritten() {
    return last.version() > persistedVersion ? last : null;
  }

  /** Records that the store holds this state; returns the end it let be shown (and published), or null. */
  JobSnapshot written(JobSnapshot state) {
    if (state.version() > persistedVersion) {
      persistedVersion = state.version();
      heldActive = !state.isFinished();
      writtenAt = tracker.now();
    }
    if (pendingEnd == null || state.version() < pendingEnd.version()) {
      return null;
    }
    JobSnapshot shown = pendingEnd;
    pendingEnd = null;
    visible = shown;
    tracker.publish(JobEventType.endedAs(shown.status()), shown);
    return shown;
  }

  /** Records that the store refused this node's writes for good: nothing is written or shown from here any more. */
  void refuse(JobTakenOverException refused) {
    refusal = refused;
    heldActive = false;
    pendingEnd = null;
  }

  /** After a refusal, takes the store's truth as the state written, built and shown, and publishes the change. */
  void takeTruth(JobSnapshot truth) {
    JobSnapshot shown = visible;
    persistedVersion = Math.max(persistedVersion, truth.version());
    last = truth;
    visible = truth;
    tracker.publish(ChangeKinds.between(shown, truth), truth);
  }

  /** Returns whether an end is waiting until the store holds it. */
  boolean endPending() {
    return pendingEnd != null;
  }

  /**
   * Draws the waiting end again at a new version (above one the store kept), carrying a cancel request the store
   * holds; call only while {@link #endPending()}.
   */
  void redrawEnd(boolean cancelRequested, long version) {
    pendingEnd = pendingEnd.toBuilder().cancelRequested(pendingEnd.cancelRequested() || cancelRequested)
        .version(version).build();
    last = pendingEnd;
  }

  /**
   * Returns whether a stored end is another node's: this node still holds the job, and the end is neither one the
   * store already holds from here nor the latest state this node built.
   */
  boolean isOthersEnd(JobSnapshot stored) {
    return heldActive() && stored.version() > persistedVersion && stored.version() != last.version();
  }

  /** Returns whether the job's end is settled: none waits, and the store holds the latest state or refused it. */
  boolean settled() {
    return pendingEnd == null && (refusal != null || persistedVersion >= last.version());
  }

  /** Returns whether the store has taken no write of this job since a time: a heartbeat must say it is alive. */
  boolean silentSince(Instant time) {
    return writtenAt == null || writtenAt.isBefore(time);
  }

  /** Leaves the job to another node's sweeper: nothing about it is written again. Lock-free. */
  void detach() {
    detached = true;
  }

  /** Returns the version the store holds. Lock-free. */
  long persistedVersion() {
    return persistedVersion;
  }

  /** Returns whether the store shows the job active and held here: it needs heartbeats. Lock-free. */
  boolean heldActive() {
    return heldActive && writable();
  }

  /** Returns whether this node still writes the job: the store did not refuse it, nor was it left. Lock-free. */
  boolean writable() {
    return refusal == null && !detached;
  }

  /** Returns the store's refusal of this node's writes, or null. Lock-free. */
  JobTakenOverException refusal() {
    return refusal;
  }

  /** Returns whether the job was left to another node's sweeper. Lock-free. */
  boolean detached() {
    return detached;
  }
}
