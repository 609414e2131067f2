package dev.headway.internal;

import dev.headway.Job;
import dev.headway.JobCancelledException;
import dev.headway.JobEndedException;
import dev.headway.JobEventType;
import dev.headway.JobSnapshot;
import dev.headway.JobSpec;
import dev.headway.JobStatus;
import dev.headway.JobTakenOverException;
import dev.headway.Limits;
import dev.headway.StepStatus;
import dev.headway.json.JobJson;
import dev.headway.spi.EtaEstimator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live job: the worker's handle and the tracker's in-memory record of it.
 *
 * <p>Progress ({@link #advance}, {@link #progress}, {@link #message}) is lock-free: it updates a step's counters
 * and raises the {@code dirty} flag; the snapshot is built later, when someone needs it (a listener, the writer, a
 * reader), and then published as one {@code progress} event however many updates it covers. Status and step changes
 * take this job's lock and build their snapshot at once; the worker's call returns once the store holds it.
 *
 * <p>Observers see the truth: an end is shown (and its terminal event published) only once the store holds it,
 * and if the store refuses this node's writes for good (another node ended the job), the job takes the store's
 * state as its own, shows that, and refuses the worker's further changes. No lock is shared between jobs, and no
 * lock is held while another job's lock is taken.
 */
final class RealJob implements Job {
  private static final Logger LOG = LoggerFactory.getLogger(RealJob.class);

  private final RealProgressTracker tracker;
  private final String id;
  private final JobSpec spec;
  private final Instant createdAt;
  private final RealJob parent;
  private final JobSteps steps;
  private final Runnable dispatch = this::dispatch;
  private final AtomicBoolean dispatchScheduled = new AtomicBoolean();

  private volatile JobStatus status;
  private volatile String message;
  private volatile boolean cancelRequested;
  private volatile String cancelReason;
  private volatile boolean dirty;
  /** The work done when the job ended, 0–1, for its parent's roll-up. */
  private volatile double endFraction;
  private final JobRecord record;

  // Used under this job's lock.
  private final JobChildren children;
  private final SnapshotMaker snapshots;

  RealJob(RealProgressTracker tracker, String id, JobSpec spec, RealJob parent, Instant now,
      EtaEstimator.JobEstimate estimate) {
    this.tracker = tracker;
    this.id = id;
    this.spec = spec;
    this.createdAt = now;
    this.parent = parent;
    this.steps = new JobSteps(id, spec);
    this.children = new JobChildren(spec.expectedChildren());
    this.snapshots = new SnapshotMaker(id, spec, now, steps, children, tracker);
    synchronized (this) {
      this.status = spec.queued() ? JobStatus.QUEUED : JobStatus.RUNNING;
      if (status == JobStatus.RUNNING) {
        startRunning(now, estimate);
      }
      record = new JobRecord(tracker, snapshots.build(status, message, cancelRequested, cancelReason, now));
    }
  }

  // ---- worker side: progress (lock-free) ----

  @Override
  public void advance(long units) {
    if (units < 0) {
      throw new IllegalArgumentException("units must be >= 0, was " + units);
    }
    progressTarget().advance(units);
    changed();
  }

  @Override
  public void progress(long done, long total) {
    progressTarget().progress(done, total);
    changed();
  }

  @Override
  public void progress(double fraction) {
    progressTarget().progress(fraction);
    changed();
  }

  @Override
  public void message(String text) {
    Limits.checkLength("message", text, Limits.MAX_MESSAGE_LENGTH);
    requireChangeable();
    message = text;
    StepState step = steps.running();
    if (step != null) {
      step.message = text;
    }
    changed();
  }

  private StepState progressTarget() {
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

  private void changed() {
    if (!dirty) {
      dirty = true;
    }
    RealJob p = parent;
    if (p != null && !p.dirty) {
      p.dirty = true;
    }
    if (tracker.hasListeners()) {
      scheduleDispatch();
    }
  }

  void scheduleDispatch() {
    if (!dispatchScheduled.get() && dispatchScheduled.compareAndSet(false, true)) {
      tracker.execute(dispatch);
    }
  }

  private void dispatch() {
    dispatchScheduled.set(false);
    refresh();
    RealJob p = parent;
    if (p != null) {
      p.scheduleDispatch();
    }
  }

  // ---- worker side: status (under the lock, durable before returning) ----

  @Override
  public void start() {
    EtaEstimator.JobEstimate est = tracker.beginEstimate(spec.type());
    JobSnapshot snap;
    synchronized (this) {
      requireChangeable();
      if (status != JobStatus.QUEUED) {
        throw new IllegalStateException("job " + id + " is already running");
      }
      status = status.moveTo(JobStatus.RUNNING);
      Instant now = tracker.now();
      startRunning(now, est);
      snap = emit(JobEventType.JOB_STARTED, now);
    }
    tracker.awaitDurable(this, snap);
  }

  private void startRunning(Instant now, EtaEstimator.JobEstimate est) {
    snapshots.started(now, est);
    steps.jobStarted();
  }

  @Override
  public void startStep(String name) {
    StepState step = steps.named(name);
    JobSnapshot snap;
    synchronized (this) {
      requireRunning();
      if (step.status != StepStatus.PENDING) {
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
      snap = emit(JobEventType.STEP_STARTED, now);
    }
    tracker.awaitDurable(this, snap);
  }

  @Override
  public void completeStep() {
    endRunningStep(StepStatus.COMPLETED, null, JobEventType.STEP_COMPLETED);
  }

  @Override
  public void failStep(String error) {
    endRunningStep(StepStatus.FAILED, errorText(error, null), JobEventType.STEP_FAILED);
  }

  private void endRunningStep(StepStatus outcome, String error, JobEventType type) {
    JobSnapshot snap;
    synchronized (this) {
      requireRunning();
      StepState step = steps.running();
      if (!steps.named() || step == null) {
        throw new IllegalStateException("job " + id + " has no running step");
      }
      Instant now = tracker.now();
      steps.end(step, outcome, error, now);
      snap = emit(type, now);
    }
    tracker.awaitDurable(this, snap);
  }

  @Override
  public void skipStep(String name) {
    StepState step = steps.named(name);
    JobSnapshot snap;
    synchronized (this) {
      requireChangeable();
      Instant now = tracker.now();
      steps.end(step, StepStatus.SKIPPED, null, now);
      snap = emit(JobEventType.STEP_SKIPPED, now);
    }
    tracker.awaitDurable(this, snap);
  }

  @Override
  public void complete() {
    finish(null);
  }

  @Override
  public void complete(String resultJson) {
    if (resultJson != null) {
      Limits.checkLength("result", resultJson, Limits.MAX_RESULT_LENGTH);
      JobJson.requireJsonValue("result", resultJson);
    }
    finish(resultJson);
  }

  private void finish(String resultJson) {
    JobSnapshot snap;
    synchronized (this) {
      requireRunning();
      int active = children.active().size();
      if (active > 0) {
        throw new IllegalStateException("job " + id + " still has " + active
            + " active children; call sealChildren() to end it when they finish");
      }
      snap = children.any() ? endFromChildren(resultJson) : end(JobStatus.COMPLETED, null, resultJson);
    }
    ended(snap, List.of(), true);
  }

  @Override
  public void fail(String message) {
    fail(message, null);
  }

  @Override
  public void fail(String message, Throwable cause) {
    if (message == null && cause == null) {
      throw new IllegalArgumentException("fail needs a message or an exception");
    }
    if (cause != null) {
      LOG.debug("job {} failed", id, cause);
    }
    endByWorker(JobStatus.FAILED, errorText(message, cause));
  }

  @Override
  public void cancelled() {
    endByWorker(JobStatus.CANCELLED, null);
  }

  /** Fails or cancels the job; children still active are asked to stop. */
  private void endByWorker(JobStatus outcome, String errorText) {
    JobSnapshot snap;
    List<RealJob> orphans;
    synchronized (this) {
      requireChangeable();
      snap = end(outcome, errorText, null);
      orphans = children.active();
    }
    ended(snap, orphans, true);
  }

  /**
   * Ends the job because its tracker closes: {@code FAILED} with the given error, written by the tracker's final
   * flush; the worker sees a cancel request and, from then on, an ended job.
   */
  void endOnClose(String errorText) {
    JobSnapshot snap;
    List<RealJob> orphans;
    synchronized (this) {
      if (status.isTerminal() || record.refusal() != null) {
        return;
      }
      cancelRequested = true;
      snap = end(JobStatus.FAILED, errorText, null);
      orphans = children.active();
    }
    ended(snap, orphans, false);
  }

  /** Leaves the job to another node's sweeper because its tracker closes: nothing about it is written again. */
  void detach() {
    cancelRequested = true;
    record.detach();
  }

  @Override
  public void close() {
    try {
      boolean requested;
      synchronized (this) {
        if (status.isTerminal() || children.sealed() || record.detached()) {
          return;
        }
        requested = cancelRequested;
      }
      if (requested) {
        cancelled();
      } else {
        fail("ended without completing");
      }
    } catch (JobEndedException raced) {
      // Another thread ended it first (or another node did): that is what close() wanted.
    } catch (RuntimeException e) {
      LOG.warn("could not end job {} on close", id, e);
    }
  }

  /** Ends the job in memory; the caller holds the lock and calls {@link #ended} after releasing it. */
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

  /**
   * After an end in memory: write it (the worker's own call waits until the store holds it), and — whatever the
   * store says — let the parent know and ask orphaned children to stop, so a failed write never leaves a parent
   * running or children working for nobody.
   */
  private void ended(JobSnapshot snap, List<RealJob> orphans, boolean wait) {
    try {
      persist(snap, wait);
    } finally {
      afterEnd(snap.status(), orphans, wait);
    }
  }

  /** Writes a state: the caller waits until the store holds it when {@code wait} is set, else it is queued. */
  private void persist(JobSnapshot snap, boolean wait) {
    if (wait) {
      tracker.awaitDurable(this, snap);
    } else {
      tracker.enqueueWrite(this);
    }
  }

  /**
   * Asks orphaned children to stop and tells the parent; a worker's own end also waits for the parent's end it
   * caused, so when the last child's {@code complete()} returns, its parent's end is in the store too.
   */
  private void afterEnd(JobStatus outcome, List<RealJob> orphans, boolean wait) {
    for (RealJob child : orphans) {
      child.cancelQuietly("parent job " + id + " ended as " + outcome.wireName());
    }
    RealJob p = parent;
    if (p != null) {
      try {
        p.childEnded(wait);
      } catch (RuntimeException e) {
        LOG.warn("parent job {} of job {} could not end yet; its end stays queued", p.id, id, e);
      }
    }
  }

  @Override
  public boolean isCancelRequested() {
    return cancelRequested;
  }

  @Override
  public void checkpoint() {
    if (cancelRequested) {
      throw new JobCancelledException(id, cancelReason);
    }
  }

  // ---- cancellation from observers ----

  /**
   * Handles {@code tracker.cancel}: a queued job ends at once, a running one is asked. Waits until the store holds
   * the request when {@code wait} is set; a request passed on (to children, from another node) only queues it.
   */
  JobSnapshot requestCancel(String reason, boolean wait) {
    JobSnapshot snap;
    boolean endedNow = false;
    List<RealJob> kids;
    synchronized (this) {
      requireChangeable();
      if (!cancelRequested) {
        cancelRequested = true;
        cancelReason = reason;
        if (status == JobStatus.QUEUED) {
          snap = end(JobStatus.CANCELLED, null, null);
          endedNow = true;
        } else {
          snap = emit(JobEventType.CANCEL_REQUESTED, tracker.now());
        }
      } else {
        snap = record.shown();
      }
      kids = children.active();
    }
    if (endedNow) {
      ended(snap, kids, wait);
      return snap;
    }
    try {
      persist(snap, wait);
    } finally {
      for (RealJob child : kids) {
        child.cancelQuietly("parent job " + id + " was cancelled");
      }
    }
    return snap;
  }

  /**
   * Passes on a cancel request another node recorded in the store: the worker here sees it, and the request's
   * event and the next write of this job carry versions above the stored one.
   */
  void cancelRequestedElsewhere(JobSnapshot stored) {
    synchronized (this) {
      if (cancelRequested || status.isTerminal()) {
        return;
      }
      snapshots.raiseVersion(stored.version());
    }
    cancelQuietly(stored.cancelReason());
  }

  private void cancelQuietly(String reason) {
    try {
      requestCancel(reason, false);
    } catch (JobEndedException alreadyEnded) {
      // Nothing to cancel.
    } catch (RuntimeException e) {
      LOG.warn("could not pass a cancel request on to job {}", id, e);
    }
  }

  // ---- what the store said ----

  /**
   * Returns the latest state if the store does not hold it yet, else null. A job whose writes the store refused,
   * or that was left to another node, has nothing to write.
   */
  synchronized JobSnapshot unwritten() {
    if (!record.writable()) {
      return null;
    }
    refresh();
    return record.unwritten();
  }

  /** Records that the store holds this state; an end waiting for it is shown now. */
  void written(JobSnapshot state) {
    JobSnapshot shown;
    synchronized (this) {
      shown = record.written(state);
    }
    if (shown != null) {
      tracker.jobEnded(this, shown);
    }
  }

  /**
   * Takes the store's truth after it refused this node's writes for good: the job shows (and its subscribers get)
   * the stored state, the worker sees a cancel request and its further changes throw a
   * {@link JobTakenOverException}; a parent learns its child ended, orphaned children are asked to stop.
   */
  void refused(JobSnapshot stored, String holder) {
    JobTakenOverException refusal;
    JobSnapshot truth;
    List<RealJob> orphans;
    synchronized (this) {
      if (record.refusal() != null) {
        return;
      }
      refusal = new JobTakenOverException(id, tracker.nodeId(), holder, stored);
      record.refuse(refusal);
      cancelRequested = true;
      dirty = false;
      steps.stopped();
      truth = stored != null ? stored : snapshots.lost(record.shown());
      snapshots.tookOver(truth);
      endFraction = truth.percent() / 100;
      status = truth.status().isTerminal() ? truth.status() : JobStatus.FAILED;
      record.takeTruth(truth);
      orphans = children.active();
    }
    LOG.warn(refusal.getMessage());
    tracker.jobEnded(this, truth);
    afterEnd(truth.status(), orphans, false);
  }

  /**
   * Takes an end another node wrote for this job, as a notice of the cluster bus told: that node judged this one
   * dead. An end this node wrote itself is not one.
   */
  void endedInStore(JobSnapshot stored) {
    synchronized (this) {
      if (!record.isOthersEnd(stored)) {
        return;
      }
    }
    refused(stored, null);
  }

  /**
   * Raises this job's version above the stored one after the store kept a newer version (a cancel request another
   * node recorded), so the next write is applied; a request found there is passed on to the worker.
   */
  void behind(JobSnapshot stored) {
    synchronized (this) {
      snapshots.raiseVersion(stored.version());
      if (record.endPending()) {
        record.redrawEnd(stored.cancelRequested(), snapshots.nextVersion(tracker.now()));
      } else if (!status.isTerminal()) {
        dirty = true;
      }
    }
    if (stored.cancelRequested()) {
      cancelRequestedElsewhere(stored);
    }
  }

  /** Throws the store's refusal, if it refused this job's writes: a new exception, thrown where it is noticed. */
  void throwIfRefused() {
    JobTakenOverException refused = record.refusal();
    if (refused != null) {
      throw new JobTakenOverException(id, tracker.nodeId(), refused.holder(), refused.stored());
    }
  }

  long persistedVersion() {
    return record.persistedVersion();
  }

  /** Returns whether the store shows this job active and held here: it needs heartbeats while this node lives. */
  boolean heldActive() {
    return record.heldActive();
  }

  /** Returns whether the store has taken no write of this job since a time: a heartbeat must say it is alive. */
  synchronized boolean silentSince(Instant time) {
    return record.silentSince(time);
  }

  // ---- children ----

  @Override
  public Job startChild(JobSpec childSpec) {
    if (childSpec.parentId() != null && !childSpec.parentId().equals(id)) {
      throw new IllegalArgumentException("the child spec names parent " + childSpec.parentId() + ", not " + id);
    }
    return tracker.startChild(this, childSpec);
  }

  synchronized void addChild(RealJob child) {
    requireChangeable();
    if (children.sealed()) {
      throw new IllegalStateException("job " + id + " is sealed; it takes no more children");
    }
    children.add(child);
    dirty = true;
  }

  synchronized void removeChild(RealJob child) {
    children.remove(child);
    dirty = true;
  }

  @Override
  public void sealChildren() {
    synchronized (this) {
      requireChangeable();
      children.seal();
    }
    childEnded(true);
  }

  /**
   * Called when a child ends, or the children were sealed: the parent may end now, waiting until the store holds
   * its end when {@code wait} is set.
   */
  private void childEnded(boolean wait) {
    dirty = true;
    JobSnapshot snap = null;
    synchronized (this) {
      if (children.sealed() && status == JobStatus.RUNNING && record.writable() && children.active().isEmpty()) {
        // A running job has no result yet: a parent ending with its children ends without one.
        snap = endFromChildren(null);
      }
    }
    if (snap != null) {
      ended(snap, List.of(), wait);
    } else if (tracker.hasListeners()) {
      scheduleDispatch();
    }
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

  // ---- snapshots ----

  @Override
  public String id() {
    return id;
  }

  String type() {
    return spec.type();
  }

  String owner() {
    return spec.owner();
  }

  @Override
  public synchronized JobSnapshot snapshot() {
    refresh();
    return record.latest();
  }

  /** Returns the state observers see: the latest, except an end the store does not hold yet. */
  synchronized JobSnapshot view() {
    refresh();
    return record.shown();
  }

  /** Builds (and publishes) a new version if progress changed since the last one. */
  private synchronized void refresh() {
    if (dirty && !status.isTerminal()) {
      emit(JobEventType.PROGRESS, tracker.now());
    }
  }

  JobStatus status() {
    return status;
  }

  /** Returns the work this job did, 0–1: its live progress, or where it got to when it ended. */
  double workFraction() {
    return status.isTerminal() ? endFraction : steps.fraction();
  }

  /** Announces the job's first state; called once, after the store accepted it. */
  synchronized void announce(JobSnapshot first) {
    record.inserted(first);
    tracker.publish(status == JobStatus.QUEUED ? JobEventType.JOB_CREATED : JobEventType.JOB_STARTED, first);
  }

  /** Returns the first state, for the insert. */
  synchronized JobSnapshot first() {
    return record.shown();
  }

  /** Raises the stalled flag once a running job has made no progress for {@code stallAfter}. */
  synchronized void checkStall(Instant now, Duration stallAfter) {
    if (status == JobStatus.RUNNING && !record.latest().stalled() && snapshots.quietFor(now, stallAfter)) {
      dirty = true;
      if (tracker.hasListeners()) {
        scheduleDispatch();
      }
    }
  }

  /** Returns whether an ended job's end is settled in the store and it has been kept in memory long enough. */
  synchronized boolean evictable(Instant now, Duration keepCompleted, Duration keepFailed) {
    if (record.detached()) {
      return true;
    }
    if (!status.isTerminal() || !record.settled()) {
      return false;
    }
    Duration keep = status == JobStatus.COMPLETED ? keepCompleted : keepFailed;
    return !now.isBefore(snapshots.completedAt().plus(keep));
  }

  /** Builds a new state; a non-terminal one is shown at once, an end once the store holds it. */
  private JobSnapshot emit(JobEventType type, Instant now) {
    dirty = false;
    JobSnapshot snap = snapshots.build(status, message, cancelRequested, cancelReason, now);
    record.built(type, snap);
    return snap;
  }

  // ---- checks ----

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

  private static String errorText(String message, Throwable cause) {
    String text = message != null ? message : cause != null ? cause.toString() : "failed";
    if (text.isBlank()) {
      text = "failed";
    }
    return text.length() <= Limits.MAX_ERROR_LENGTH ? text : text.substring(0, Limits.MAX_ERROR_LENGTH - 1) + "…";
  }
}
