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
import dev.headway.LogLevel;
import dev.headway.LogLine;
import dev.headway.StepStatus;
import dev.headway.json.JobJson;
import dev.headway.spi.EtaEstimator;
import dev.headway.spi.JobWrite;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live job: the worker's handle and the tracker's in-memory record of it. Its state and the moves between states
 * are a {@link JobState}; this class holds the lock around each move and does what follows it outside the lock:
 * waiting for the store, telling the parent, asking children to stop, pushing progress to listeners.
 *
 * <p>Progress ({@link #advance}, {@link #progress}, {@link #message}) is lock-free: it updates a step's counters
 * and raises the {@code dirty} flag; the snapshot is built later, when someone needs it (a listener, the writer, a
 * reader), and then published as one {@code progress} event however many updates it covers. Status and step changes
 * take this job's lock and build their snapshot at once; the worker's call returns once the store holds it.
 *
 * <p>Observers see the truth: an end is shown (and its terminal event published) only once the store holds it,
 * and if the store refuses this node's writes for good (another node ended the job), the job takes the store's
 * state as its own, shows that, and refuses the worker's further changes. No lock is shared between jobs, and no
 * lock is held while another job's lock is taken. Calls from the store writer's thread ({@link #written},
 * {@link #refused}, {@link #behind}) only queue the writes they cause, so the writer never waits for itself.
 */
final class RealJob implements Job {
  private static final Logger LOG = LoggerFactory.getLogger(RealJob.class);

  private final RealProgressTracker tracker;
  private final String id;
  private final JobSpec spec;
  private final RealJob parent;
  private final Runnable dispatch = this::dispatch;
  private final AtomicBoolean dispatchScheduled = new AtomicBoolean();
  /** Guarded by this, except its lock-free reads. */
  private final JobState state;
  private final JobRecord record;

  RealJob(RealProgressTracker tracker, String id, JobSpec spec, JobSnapshot previous, RealJob parent, Instant now,
      EtaEstimator.JobEstimate estimate) {
    this.tracker = tracker;
    this.id = id;
    this.spec = spec;
    this.parent = parent;
    synchronized (this) {
      this.state = new JobState(id, spec, previous, now, estimate, tracker, () -> tracker.changed(this));
    }
    this.record = state.record();
  }

  // ---- worker side: progress (lock-free) ----

  @Override
  public void advance(long units) {
    if (units < 0) {
      throw new IllegalArgumentException("units must be >= 0, was " + units);
    }
    state.progressTarget().advance(units);
    changed();
  }

  @Override
  public void progress(long done, long total) {
    state.progressTarget().progress(done, total);
    changed();
  }

  @Override
  public void progress(double fraction) {
    state.progressTarget().progress(fraction);
    changed();
  }

  @Override
  public void message(String text) {
    Limits.checkLength("message", text, Limits.MAX_MESSAGE_LENGTH);
    state.message(text);
    changed();
  }

  @Override
  public void log(String text) {
    log(LogLevel.INFO, text);
  }

  @Override
  public void log(LogLevel level, String text) {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(text, "text");
    state.appendLog(level, text);
    changed();
  }

  /** Returns the log lines numbered above {@code afterSeq} that this job keeps. */
  List<LogLine> logAfter(long afterSeq) {
    return state.log().after(afterSeq);
  }

  @Override
  public boolean isStepDone(String name) {
    return state.isStepDone(name);
  }

  @Override
  public Optional<String> stepResult(String name) {
    return Optional.ofNullable(state.completedStepResult(name));
  }

  private void changed() {
    state.changed();
    RealJob p = parent;
    if (p != null) {
      p.state.changed();
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
    EtaEstimator.JobEstimate est = tracker.etas().begin(spec.type());
    moveDurably(() -> state.start(est));
  }

  @Override
  public void startStep(String name) {
    moveDurably(() -> state.startStep(name));
  }

  @Override
  public void completeStep() {
    completeStep(null);
  }

  @Override
  public void completeStep(String resultJson) {
    checkResult(resultJson);
    moveDurably(() -> state.endRunningStep(StepStatus.COMPLETED, null, resultJson, JobEventType.STEP_COMPLETED));
  }

  private static void checkResult(String resultJson) {
    if (resultJson != null) {
      Limits.checkLength("result", resultJson, Limits.MAX_RESULT_LENGTH);
      JobJson.requireJsonValue("result", resultJson);
    }
  }

  @Override
  public void failStep(String error) {
    moveDurably(() -> state.endRunningStep(StepStatus.FAILED, errorText(error, null), null,
        JobEventType.STEP_FAILED));
  }

  @Override
  public void skipStep(String name) {
    moveDurably(() -> state.skipStep(name));
  }

  /** Makes a move under the lock, then waits until the store holds the state it built. */
  private void moveDurably(Supplier<JobSnapshot> move) {
    JobSnapshot snap;
    synchronized (this) {
      snap = move.get();
    }
    tracker.awaitDurable(this, snap);
  }

  @Override
  public void complete() {
    finish(null);
  }

  @Override
  public void complete(String resultJson) {
    checkResult(resultJson);
    finish(resultJson);
  }

  private void finish(String resultJson) {
    end(() -> state.complete(resultJson), true);
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
    String text = errorText(message, cause);
    end(() -> state.endByWorker(JobStatus.FAILED, text), true);
  }

  @Override
  public void cancelled() {
    end(() -> state.endByWorker(JobStatus.CANCELLED, null), true);
  }

  /**
   * Ends the job because its tracker closes: {@code FAILED} with the given error, written by the tracker's final
   * flush; the worker sees a cancel request and, from then on, an ended job.
   */
  void endOnClose(String errorText) {
    end(() -> state.endOnClose(errorText), false);
  }

  /** Leaves the job to another node's sweeper because its tracker closes: nothing about it is written again. */
  void detach() {
    state.detach();
  }

  @Override
  public void close() {
    try {
      boolean requested;
      synchronized (this) {
        if (!state.closeEndsIt()) {
          return;
        }
        requested = state.isCancelRequested();
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

  /**
   * Makes an ending move under the lock (one that returns null ended nothing), then does what follows an end.
   * Children still active are asked to stop; a job that completes has none.
   */
  private void end(Supplier<JobSnapshot> move, boolean wait) {
    JobSnapshot snap;
    List<RealJob> orphans;
    synchronized (this) {
      snap = move.get();
      if (snap == null) {
        return;
      }
      orphans = state.activeChildren();
    }
    ended(snap, orphans, wait);
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
    return state.isCancelRequested();
  }

  @Override
  public void checkpoint() {
    if (state.isCancelRequested()) {
      throw new JobCancelledException(id, state.cancelReason());
    }
  }

  // ---- cancellation from observers ----

  /**
   * Handles {@code tracker.cancel}: a queued job ends at once, a running one is asked. Waits until the store holds
   * the request when {@code wait} is set; a request passed on (to children, from another node) only queues it.
   */
  JobSnapshot requestCancel(String reason, boolean wait) {
    JobSnapshot snap;
    List<RealJob> kids;
    synchronized (this) {
      snap = state.requestCancel(reason);
      kids = state.activeChildren();
    }
    if (snap.isFinished()) {
      // A queued job ended at once: its end is written and told like any other.
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
      if (!state.cancelledElsewhere(stored)) {
        return;
      }
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
  synchronized JobWrite unwritten() {
    if (!record.writable()) {
      return null;
    }
    state.refresh();
    JobSnapshot pending = record.unwritten();
    return pending == null ? null : new JobWrite(pending, JobWrite.FIRST_EPOCH, state.log().pending(pending.logSeq()));
  }

  /** Records that the store holds this state; an end waiting for it is shown now. */
  void written(JobWrite write) {
    state.log().written(write.state().logSeq(), write.log());
    JobSnapshot shown;
    synchronized (this) {
      shown = record.written(write.state());
    }
    if (shown != null) {
      tracker.etas().ended(shown);
    }
  }

  /**
   * Takes the store's truth after it refused this node's writes for good: the job shows (and its subscribers get)
   * the stored state, the worker sees a cancel request and its further changes throw a
   * {@link JobTakenOverException}; a parent learns its child ended, orphaned children are asked to stop.
   */
  void refused(JobSnapshot stored, String holder) {
    JobSnapshot truth;
    List<RealJob> orphans;
    synchronized (this) {
      truth = state.refuse(stored, holder);
      if (truth == null) {
        return;
      }
      orphans = state.activeChildren();
    }
    LOG.warn(record.refusal().getMessage());
    tracker.etas().ended(truth);
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
      state.behind(stored);
    }
    if (stored.cancelRequested()) {
      cancelRequestedElsewhere(stored);
    }
  }

  /** Throws the store's refusal, if it refused this job's writes: a new exception, thrown where it is noticed. */
  void throwIfRefused() {
    state.throwIfRefused();
  }

  long persistedVersion() {
    return record.persistedVersion();
  }

  /** Returns whether the store shows this job active and held here: it needs heartbeats while this node lives. */
  boolean heldActive() {
    return record.heldActive();
  }

  /** Returns whether the store has taken no write of this job since a time: a heartbeat must say it is alive. */
  boolean silentSince(Instant time) {
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
    state.addChild(child);
  }

  synchronized void removeChild(RealJob child) {
    state.removeChild(child);
  }

  @Override
  public void sealChildren() {
    synchronized (this) {
      state.sealChildren();
    }
    childEnded(true);
  }

  /**
   * Called when a child ends, or the children were sealed: the parent may end now, waiting until the store holds
   * its end when {@code wait} is set.
   */
  private void childEnded(boolean wait) {
    state.changed();
    JobSnapshot snap;
    synchronized (this) {
      snap = state.endWithChildren();
    }
    if (snap != null) {
      ended(snap, List.of(), wait);
    } else if (tracker.hasListeners()) {
      scheduleDispatch();
    }
  }

  // ---- snapshots ----

  @Override
  public String id() {
    return id;
  }

  @Override
  public synchronized JobSnapshot snapshot() {
    state.refresh();
    return record.latest();
  }

  /** Returns the state observers see: the latest, except an end the store does not hold yet. */
  synchronized JobSnapshot view() {
    state.refresh();
    return record.shown();
  }

  /** Builds (and publishes) a new version if progress changed since the last one. */
  private synchronized void refresh() {
    state.refresh();
  }

  JobStatus status() {
    return state.status();
  }

  /** Returns the work this job did, 0–1: its live progress, or where it got to when it ended. */
  double workFraction() {
    return state.workFraction();
  }

  /** Announces the job's first state; called once, after the store accepted it. */
  synchronized void announce(JobSnapshot first) {
    record.inserted(first);
    tracker.publish(state.status() == JobStatus.QUEUED ? JobEventType.JOB_CREATED : JobEventType.JOB_STARTED,
        first);
  }

  /** Returns the first state, for the insert. */
  synchronized JobSnapshot first() {
    return record.shown();
  }

  /** Whether the job runs and is shown stalled. Lock-free. */
  boolean shownStalled() {
    return state.shownStalled();
  }

  /** Whether the stall walk must look at this job: it runs and is not shown stalled yet. Lock-free. */
  boolean mayStall() {
    return state.mayStall();
  }

  /** Raises the stalled flag once a running job has made no progress for {@code stallAfter}. */
  synchronized void checkStall(Instant now, Duration stallAfter) {
    if (state.markStalled(now, stallAfter) && tracker.hasListeners()) {
      scheduleDispatch();
    }
  }

  /** Returns whether an ended job's end is settled in the store and it has been kept in memory long enough. */
  synchronized boolean evictable(Instant now, Duration keepCompleted, Duration keepFailed) {
    return state.evictable(now, keepCompleted, keepFailed);
  }

  private static String errorText(String message, Throwable cause) {
    String text = message != null ? message : cause != null ? cause.toString() : "failed";
    if (text.isBlank()) {
      text = "failed";
    }
    return text.length() <= Limits.MAX_ERROR_LENGTH ? text : text.substring(0, Limits.MAX_ERROR_LENGTH - 1) + "…";
  }
}
