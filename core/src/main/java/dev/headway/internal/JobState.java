package dev.headway.internal;

import dev.headway.JobEndedException;
import dev.headway.JobEventType;
import dev.headway.JobSnapshot;
import dev.headway.JobSpec;
import dev.headway.JobStatus;
import dev.headway.LogLevel;
import dev.headway.JobTakenOverException;
import dev.headway.StepStatus;
import dev.headway.spi.EtaEstimator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A live job's state and its moves: status, message and cancel request, its steps and children, and the checks
 * that refuse an illegal move. Each move builds the job's next snapshot and hands it to the {@link JobRecord}.
 *
 * <p>Guarded by the owning {@link RealJob}'s monitor: the job takes its lock around every move, and does the
 * waiting (for the store) and the telling (parent, children) after releasing it. The methods marked lock-free read
 * or raise volatile fields only: the worker's progress, a parent's roll-up and the store writer use them.
 */
final class JobState {
  private final String id;
  private final RealProgressTracker tracker;
  private final JobSteps steps;
  private final JobChildren children;
  private final SnapshotMaker snapshots;
  private final JobRecord record;
  private final JobLog log;

  private volatile JobStatus status;
  private volatile String message;
  private volatile boolean cancelRequested;
  private volatile String cancelReason;
  private volatile boolean dirty;
  /** Told when the job gets a change its last snapshot lacks: it then has something for the writer. */
  private final Runnable onDirty;
  /** The work done when the job ended, 0–1, for its parent's roll-up. */
  private volatile double endFraction;

  /** Builds the first state: queued, or running with the given estimate (or null). */
  JobState(String id, JobSpec spec, JobSnapshot previous, Instant now, EtaEstimator.JobEstimate estimate,
      RealProgressTracker tracker, Runnable onDirty) {
    this.id = id;
    this.tracker = tracker;
    this.onDirty = onDirty;
    this.steps = new JobSteps(id, spec, previous);
    this.children = new JobChildren(spec.expectedChildren());
    this.log = new JobLog(id);
    this.snapshots = new SnapshotMaker(id, spec, previous, now, steps, children, log, tracker);
    this.status = spec.queued() ? JobStatus.QUEUED : JobStatus.RUNNING;
    if (status == JobStatus.RUNNING) {
      startRunning(now, estimate);
    }
    this.record = new JobRecord(tracker, snapshots.build(status, message, cancelRequested, cancelReason, now));
  }

  // ---- the worker's moves ----

  /** Starts a queued job. */
  JobSnapshot start(EtaEstimator.JobEstimate est) {
    requireChangeable();
    if (status != JobStatus.QUEUED) {
      throw new IllegalStateException("job " + id + " is already running");
    }
    status = status.moveTo(JobStatus.RUNNING);
    Instant now = tracker.now();
    startRunning(now, est);
    return emit(JobEventType.JOB_STARTED, now);
  }

  private void startRunning(Instant now, EtaEstimator.JobEstimate est) {
    snapshots.started(now, est);
    steps.jobStarted();
  }

  /** Starts a named step; one still running completes first. */
  JobSnapshot startStep(String name) {
    StepState step = steps.named(name);
    requireRunning();
    if (step.status != StepStatus.PENDING && !step.carriedOver) {
      throw new IllegalStateException("step '" + name + "' of job " + id + " is " + step.status.wireName()
          + "; a step runs once");
    }
    Instant now = tracker.now();
    StepState running = steps.running();
    if (running != null && running != step) {
      steps.end(running, StepStatus.COMPLETED, null, now);
      emit(JobEventType.STEP_COMPLETED, now);
    }
    steps.start(step, now);
    // The job's message belongs to the step that set it; a new step starts without one.
    message = null;
    snapshots.stepStarted(name);
    return emit(JobEventType.STEP_STARTED, now);
  }

  /** Ends the running named step. */
  JobSnapshot endRunningStep(StepStatus outcome, String error, String result, JobEventType type) {
    requireRunning();
    StepState step = steps.running();
    if (!steps.named() || step == null) {
      throw new IllegalStateException("job " + id + " has no running step");
    }
    Instant now = tracker.now();
    steps.end(step, outcome, error, result, now);
    return emit(type, now);
  }

  /** Skips a named step. */
  JobSnapshot skipStep(String name) {
    StepState step = steps.named(name);
    requireChangeable();
    Instant now = tracker.now();
    steps.end(step, StepStatus.SKIPPED, null, now);
    return emit(JobEventType.STEP_SKIPPED, now);
  }

  /** Completes a running job; a parent ends as its children did. */
  JobSnapshot complete(String resultJson) {
    requireRunning();
    int active = children.active().size();
    if (active > 0) {
      throw new IllegalStateException("job " + id + " still has " + active
          + " active children; call sealChildren() to end it when they finish");
    }
    return children.any() ? endFromChildren(resultJson) : end(JobStatus.COMPLETED, null, resultJson);
  }

  /** Fails or cancels the job as its worker says. */
  JobSnapshot endByWorker(JobStatus outcome, String errorText) {
    requireChangeable();
    return end(outcome, errorText, null);
  }

  /** Fails the job because its tracker closes, with a cancel request for the worker; null if it has ended. */
  JobSnapshot endOnClose(String errorText) {
    if (status.isTerminal() || record.refusal() != null) {
      return null;
    }
    cancelRequested = true;
    return end(JobStatus.FAILED, errorText, null);
  }

  /** Leaves the job to another node's sweeper: the worker sees a cancel request, nothing is written again. */
  void detach() {
    cancelRequested = true;
    record.detach();
  }

  /** Returns whether closing the handle ends the job: not when it ended, ends with its children, or was left. */
  boolean closeEndsIt() {
    return !(status.isTerminal() || children.sealed() || record.detached());
  }

  private JobSnapshot end(JobStatus outcome, String errorText, String resultJson) {
    // The percent a failed or cancelled job shows is where its work got to, before its steps are closed.
    double work = snapshots.workAtEnd();
    endFraction = outcome == JobStatus.COMPLETED ? 1 : work;
    status = status.moveTo(outcome);
    Instant now = tracker.now();
    snapshots.ended(now, errorText, resultJson);
    steps.jobEnded(outcome, errorText, now);
    return emit(JobEventType.endedAs(outcome), now);
  }

  // ---- children ----

  /** Adds a child, unless the job may not change or takes no more children. */
  void addChild(RealJob child) {
    requireChangeable();
    if (children.sealed()) {
      throw new IllegalStateException("job " + id + " is sealed; it takes no more children");
    }
    children.add(child);
    changed();
  }

  /** Takes back a child whose creation failed. */
  void removeChild(RealJob child) {
    children.remove(child);
    changed();
  }

  /** Declares that no more children come. */
  void sealChildren() {
    requireChangeable();
    children.seal();
  }

  /** Ends a sealed, running parent whose children have all ended, and returns its end; else null. */
  JobSnapshot endWithChildren() {
    if (children.sealed() && status == JobStatus.RUNNING && record.writable() && children.active().isEmpty()) {
      // A running job has no result yet: a parent ending with its children ends without one.
      return endFromChildren(null);
    }
    return null;
  }

  /** Ends a parent whose children have all ended: it completes only if every child completed. */
  private JobSnapshot endFromChildren(String resultJson) {
    var counts = children.counts();
    if (cancelRequested) {
      return end(JobStatus.CANCELLED, null, resultJson);
    }
    if (counts.failed() > 0) {
      return end(JobStatus.FAILED, counts.failed() + " of " + counts.total() + " children failed", resultJson);
    }
    if (counts.cancelled() > 0) {
      return end(JobStatus.CANCELLED, null, resultJson);
    }
    return end(JobStatus.COMPLETED, null, resultJson);
  }

  /** Returns the children that have not ended. */
  List<RealJob> activeChildren() {
    return children.active();
  }

  // ---- cancellation ----

  /**
   * Records a cancel request: a queued job ends (the state returned is its end), a running one is asked; a request
   * made before is not made again (the state shown is returned).
   */
  JobSnapshot requestCancel(String reason) {
    requireChangeable();
    if (cancelRequested) {
      return record.shown();
    }
    cancelRequested = true;
    cancelReason = reason;
    if (status == JobStatus.QUEUED) {
      return end(JobStatus.CANCELLED, null, null);
    }
    return emit(JobEventType.CANCEL_REQUESTED, tracker.now());
  }

  /**
   * Takes the version of a cancel request another node stored, so the request's event here is above it; returns
   * false when there is nothing to pass on (a request was made here, or the job ended).
   */
  boolean cancelledElsewhere(JobSnapshot stored) {
    if (cancelRequested || status.isTerminal()) {
      return false;
    }
    snapshots.raiseVersion(stored.version());
    return true;
  }

  /** Returns whether someone asked the job to stop. Lock-free. */
  boolean isCancelRequested() {
    return cancelRequested;
  }

  /** Returns why the job was asked to stop, or null. Lock-free. */
  String cancelReason() {
    return cancelReason;
  }

  // ---- what the store said ----

  /**
   * Takes the store's truth after it refused this node's writes for good, and returns it; null if that happened
   * before. The worker sees a cancel request, and a {@link JobTakenOverException} on its further changes.
   */
  JobSnapshot refuse(JobSnapshot stored, String holder) {
    if (record.refusal() != null) {
      return null;
    }
    record.refuse(new JobTakenOverException(id, tracker.nodeId(), holder, stored));
    cancelRequested = true;
    dirty = false;
    steps.stopped();
    JobSnapshot truth = stored != null ? stored : snapshots.lost(record.shown());
    snapshots.tookOver(truth);
    endFraction = truth.percent() / 100;
    status = truth.status().isTerminal() ? truth.status() : JobStatus.FAILED;
    record.takeTruth(truth);
    return truth;
  }

  /**
   * Raises the version above one the store kept (a cancel request another node recorded), so the next write is
   * applied: an end waiting for the store is drawn again above it, else a new state is built at the next refresh.
   */
  void behind(JobSnapshot stored) {
    snapshots.raiseVersion(stored.version());
    if (record.endPending()) {
      record.redrawEnd(stored.cancelRequested(), snapshots.nextVersion(tracker.now()));
    } else if (!status.isTerminal()) {
      changed();
    }
  }

  /** Returns the job's log. */
  JobLog log() {
    return log;
  }

  /** Adds a line to the log under the running step; a line logged after the job ended is dropped. Lock-free. */
  void appendLog(LogLevel level, String text) {
    if (!status.isTerminal()) {
      log.append(steps.runningName(), level, text, tracker.now());
    }
  }

  /** Returns a named step's result if it is completed; null when it has none. Lock-free. */
  String completedStepResult(String name) {
    StepState step = steps.named(name);
    return step.status == StepStatus.COMPLETED ? step.result : null;
  }

  /** Returns whether a named step is completed. Lock-free. */
  boolean isStepDone(String name) {
    return steps.named(name).status == StepStatus.COMPLETED;
  }

  /** Returns what observers were shown and the store holds, for the job's store-facing calls. */
  JobRecord record() {
    return record;
  }

  // ---- progress and snapshots ----

  /** Sets the message of the job and its running step. Lock-free. */
  void message(String text) {
    requireChangeable();
    message = text;
    StepState step = steps.running();
    if (step != null) {
      step.message = text;
    }
  }

  /** Returns the step the worker's progress goes to, unless the job may not progress now. Lock-free. */
  StepState progressTarget() {
    StepState step = steps.running();
    requireChangeable();
    if (status != JobStatus.RUNNING) {
      throw new IllegalStateException("job " + id + " is queued; call start() first");
    }
    if (step == null) {
      throw new IllegalStateException("job " + id + " has no running step; call startStep(name) first");
    }
    return step;
  }

  /**
   * Notes that progress changed since the last snapshot. Only the change that raises the flag tells the tracker (the
   * job joins the writer's pending set once per snapshot), so the hot path costs a volatile read. Lock-free.
   */
  void changed() {
    if (!dirty) {
      dirty = true;
      onDirty.run();
    }
  }

  /** Builds (and publishes) a new version if progress changed since the last one. */
  void refresh() {
    if (dirty && !status.isTerminal()) {
      emit(JobEventType.PROGRESS, tracker.now());
    }
  }

  /** Whether the job runs and is not shown stalled yet, so the stall walk must look at it. Lock-free. */
  boolean mayStall() {
    return status == JobStatus.RUNNING && !snapshots.shownStalled();
  }

  /** Whether the job runs and is shown stalled. Lock-free, like {@link #mayStall}. */
  boolean shownStalled() {
    return status == JobStatus.RUNNING && snapshots.shownStalled();
  }

  /** Raises the stalled flag's change once a running job has made no progress for {@code stallAfter}. */
  boolean markStalled(Instant now, Duration stallAfter) {
    if (status == JobStatus.RUNNING && !record.latest().stalled() && snapshots.quietFor(now, stallAfter)) {
      changed();
      return true;
    }
    return false;
  }

  /** Returns whether an ended job's end is settled in the store and it has been kept in memory long enough. */
  boolean evictable(Instant now, Duration keepCompleted, Duration keepFailed) {
    if (record.detached()) {
      return true;
    }
    if (!status.isTerminal() || !record.settled()) {
      return false;
    }
    Duration keep = status == JobStatus.COMPLETED ? keepCompleted : keepFailed;
    return !now.isBefore(snapshots.completedAt().plus(keep));
  }

  /** Returns the job's status. Lock-free. */
  JobStatus status() {
    return status;
  }

  /** Returns the work this job did, 0–1: its live progress, or where it got to when it ended. Lock-free. */
  double workFraction() {
    return status.isTerminal() ? endFraction : steps.fraction();
  }

  /** Builds a new state; a non-terminal one is shown at once, an end once the store holds it. */
  private JobSnapshot emit(JobEventType type, Instant now) {
    dirty = false;
    JobSnapshot snap = snapshots.build(status, message, cancelRequested, cancelReason, now);
    record.built(type, snap);
    return snap;
  }

  // ---- checks ----

  /** Throws the store's refusal, if it refused this job's writes: a new exception, thrown where it is noticed. */
  void throwIfRefused() {
    JobTakenOverException refused = record.refusal();
    if (refused != null) {
      throw new JobTakenOverException(id, tracker.nodeId(), refused.holder(), refused.stored());
    }
  }

  /** Throws unless the job may still change: not ended, not refused by the store, its tracker not closed. */
  private void requireChangeable() {
    throwIfRefused();
    if (record.detached()) {
      throw new IllegalStateException("the tracker of job " + id + " is closed; the job was left for another"
          + " node's sweeper");
    }
    JobStatus s = status;
    if (s.isTerminal()) {
      throw new JobEndedException("job " + id + " has already ended as " + s.wireName()
          + "; a finished job cannot change");
    }
  }

  private void requireRunning() {
    requireChangeable();
    if (status != JobStatus.RUNNING) {
      throw new IllegalStateException("job " + id + " is queued; call start() first");
    }
  }
}
