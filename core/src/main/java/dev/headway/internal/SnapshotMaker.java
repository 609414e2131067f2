package dev.headway.internal;

import dev.headway.Eta;
import dev.headway.JobError;
import dev.headway.JobSnapshot;
import dev.headway.JobSpec;
import dev.headway.JobStatus;
import dev.headway.spi.EtaEstimator;
import java.time.Duration;
import java.time.Instant;

/**
 * Builds a job's snapshots: its version, a percent that never goes back, the stalled flag, the ETA, and the job's
 * times, error and result.
 *
 * <p>Not thread-safe: the owning job calls it under its own lock, passing what it keeps itself (status, message,
 * cancel request). It reads the job's steps and children through their volatile fields only.
 */
final class SnapshotMaker {
  /** Read without the job's lock by the stall walk, so idle stalled jobs cost it one volatile read. */
  private volatile boolean shownStalled;
  private final String id;
  private final JobSpec spec;
  private final Instant createdAt;
  private final JobSteps steps;
  private final JobChildren children;
  private final RealProgressTracker tracker;
  private final JobLog log;
  private final int attempt;
  private final String retryOf;

  private Instant startedAt;
  private Instant completedAt;
  private JobError error;
  private String result;
  private String lastStep;
  private EtaEstimator.JobEstimate estimate;
  private long version;
  private double maxPercent;
  private long lastMark;
  private Instant lastProgressAt;

  SnapshotMaker(String id, JobSpec spec, JobSnapshot previous, Instant createdAt, JobSteps steps,
      JobChildren children, JobLog log, RealProgressTracker tracker) {
    this.attempt = previous == null ? 1 : previous.attempt() + 1;
    this.retryOf = previous == null ? null : previous.id();
    this.log = log;
    this.id = id;
    this.spec = spec;
    this.createdAt = createdAt;
    this.steps = steps;
    this.children = children;
    this.tracker = tracker;
  }

  /** Records the job's start: its time, its ETA estimate (or null), and the first sign of progress. */
  void started(Instant now, EtaEstimator.JobEstimate est) {
    startedAt = now;
    estimate = est;
    lastProgressAt = now;
  }

  /** Records the step started last: a job shows it as its step once no step runs. */
  void stepStarted(String name) {
    lastStep = name;
  }

  /**
   * Fixes the percent of a job about to end where its work got to, before its steps are closed, and returns that
   * work, 0–1.
   */
  double workAtEnd() {
    maxPercent = Math.max(maxPercent, Percent.of(liveFraction(false)));
    return maxPercent / 100;
  }

  /** Records the end: its time, its error (in the running step, if any) and its result. */
  void ended(Instant now, String errorText, String resultJson) {
    completedAt = now;
    if (errorText != null) {
      error = new JobError(errorText, steps.runningName(), now);
    }
    result = resultJson;
  }

  /** Takes the end and version of the store's truth after the store refused this node's writes. */
  void tookOver(JobSnapshot truth) {
    version = Math.max(version, truth.version());
    completedAt = truth.completedAt() != null ? truth.completedAt() : tracker.now();
  }

  /** Builds the state of a job the store no longer has, from the one shown: failed, as nobody can say it finished. */
  JobSnapshot lost(JobSnapshot shown) {
    return Abandoned.end(shown, "the job is no longer in the store", version, tracker.now());
  }

  /** Raises the version to at least a stored one, so the next state built is above it. */
  void raiseVersion(long stored) {
    version = Math.max(version, stored);
  }

  /** Draws the next version without building a state, and returns it. */
  long nextVersion(Instant now) {
    version = Versions.next(version, now);
    return version;
  }

  /** Returns when the job ended, or null. */
  Instant completedAt() {
    return completedAt;
  }

  /** Returns whether a job has made no progress for {@code stallAfter} since it started or last moved. */
  /** Whether the last state built shows the job stalled: then there is nothing to look for until it moves. */
  boolean shownStalled() {
    return shownStalled;
  }

  boolean quietFor(Instant now, Duration stallAfter) {
    return lastProgressAt != null && !now.isBefore(lastProgressAt.plus(stallAfter));
  }

  /** Builds the job's next state at a new version. */
  JobSnapshot build(JobStatus status, String message, boolean cancelRequested, String cancelReason, Instant now) {
    double fraction = liveFraction(status == JobStatus.COMPLETED);
    double percent;
    if (status == JobStatus.COMPLETED) {
      percent = 100;
    } else if (status.isTerminal()) {
      percent = maxPercent;
    } else {
      percent = Math.max(maxPercent, Percent.of(fraction));
    }
    maxPercent = percent;

    long mark = Double.doubleToLongBits(fraction) * 31 + steps.progressMark();
    if (mark != lastMark) {
      lastMark = mark;
      lastProgressAt = now;
    }
    boolean stalled = status == JobStatus.RUNNING && quietFor(now, tracker.stallAfter());
    shownStalled = stalled;

    Long elapsed = startedAt == null ? null
        : Duration.between(startedAt, completedAt != null ? completedAt : now).toMillis();
    version = Versions.next(version, now);
    JobSnapshot snap = new JobSnapshot(id, spec.type(), spec.owner(), spec.tenant(), spec.parentId(), status,
        percent, message, steps.named() ? runningOrLastStep() : lastStep, steps.snapshots(),
        steps.implicitDone(), steps.implicitTotal(),
        children.any() ? children.counts() : null, null, elapsed, stalled, createdAt, startedAt, now, completedAt,
        error, result, cancelRequested, cancelReason, spec.attributes(), version, spec.exclusiveKey(), attempt,
        retryOf, log.lastSeq());
    if (status == JobStatus.RUNNING && estimate != null) {
      Eta eta = tracker.etas().estimate(estimate, snap, now);
      if (eta != null) {
        snap = snap.toBuilder().eta(eta).build();
      }
    }
    return snap;
  }

  private String runningOrLastStep() {
    String running = steps.runningName();
    return running != null ? running : lastStep;
  }

  /** Returns how far the job is, 0–1, from its steps, or from its children when it has no steps of its own. */
  private double liveFraction(boolean completed) {
    if (steps.named()) {
      return steps.fraction();
    }
    if (completed) {
      return 1;
    }
    return children.any() ? children.fraction() : steps.fraction();
  }
}
