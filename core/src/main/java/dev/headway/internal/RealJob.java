package dev.headway.internal;

import dev.headway.ChildCounts;
import dev.headway.Eta;
import dev.headway.Job;
import dev.headway.JobCancelledException;
import dev.headway.JobEndedException;
import dev.headway.JobError;
import dev.headway.JobEventType;
import dev.headway.JobSnapshot;
import dev.headway.JobSpec;
import dev.headway.JobStatus;
import dev.headway.Limits;
import dev.headway.StepSnapshot;
import dev.headway.StepSpec;
import dev.headway.StepStatus;
import dev.headway.json.JobJson;
import dev.headway.spi.EtaEstimator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live job: the worker's handle and the tracker's in-memory record of it.
 *
 * <p>Progress ({@link #advance}, {@link #progress}, {@link #message}) is lock-free: it updates a step's counters
 * and raises the {@code dirty} flag; the snapshot is built later, when someone needs it (a listener, the flusher,
 * a reader), and then published as one {@code progress} event however many updates it covers. Status and step
 * changes take this job's lock, build and publish their snapshot at once, and are written to the store before the
 * call returns. No lock is shared between jobs, and no lock is held while another job's lock is taken.
 */
final class RealJob implements Job {
  private static final Logger LOG = LoggerFactory.getLogger(RealJob.class);

  private final RealProgressTracker tracker;
  private final String id;
  private final JobSpec spec;
  private final Instant createdAt;
  private final RealJob parent;
  private final StepState[] steps;
  private final Map<String, StepState> stepsByName;
  private final boolean named;
  private final Runnable dispatch = this::dispatch;
  private final AtomicBoolean dispatchScheduled = new AtomicBoolean();

  private volatile JobStatus status;
  private volatile StepState current;
  private volatile String message;
  private volatile boolean cancelRequested;
  private volatile String cancelReason;
  private volatile boolean dirty;
  private volatile long persistedVersion;
  private Instant persistedAt; // guarded by this

  // Guarded by this.
  private Instant startedAt;
  private Instant completedAt;
  private JobError error;
  private String result;
  private String lastStep;
  private final List<RealJob> children = new ArrayList<>();
  private boolean sealed;
  private EtaEstimator.JobEstimate estimate;
  private JobSnapshot last;
  private long version;
  private double maxPercent;
  private long lastMark;
  private Instant lastProgressAt;

  RealJob(RealProgressTracker tracker, String id, JobSpec spec, RealJob parent, Instant now,
      EtaEstimator.JobEstimate estimate) {
    this.tracker = tracker;
    this.id = id;
    this.spec = spec;
    this.createdAt = now;
    this.parent = parent;
    this.named = !spec.steps().isEmpty();
    if (named) {
      steps = new StepState[spec.steps().size()];
      stepsByName = new HashMap<>();
      for (int i = 0; i < steps.length; i++) {
        StepSpec s = spec.steps().get(i);
        steps[i] = new StepState(s.name(), s.weight(), null);
        stepsByName.put(s.name(), steps[i]);
      }
    } else {
      steps = new StepState[] {new StepState(null, 1, spec.total())};
      stepsByName = Map.of();
    }
    synchronized (this) {
      this.status = spec.queued() ? JobStatus.QUEUED : JobStatus.RUNNING;
      if (status == JobStatus.RUNNING) {
        startRunning(now, estimate);
      }
      build(now);
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
    JobStatus s = status;
    if (s.isTerminal()) {
      throw endedError(s);
    }
    message = text;
    StepState step = current;
    if (step != null) {
      step.message = text;
    }
    changed();
  }

  private StepState progressTarget() {
    StepState step = current;
    JobStatus s = status;
    if (s != JobStatus.RUNNING) {
      throw s.isTerminal() ? endedError(s) : new IllegalStateException("job " + id + " is queued; call start() first");
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
    current();
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
      if (status != JobStatus.QUEUED) {
        if (status.isTerminal()) {
          throw endedError(status);
        }
        throw new IllegalStateException("job " + id + " is already running");
      }
      status = status.moveTo(JobStatus.RUNNING);
      Instant now = tracker.now();
      startRunning(now, est);
      snap = emit(JobEventType.JOB_STARTED, now);
    }
    tracker.persist(this, snap);
  }

  private void startRunning(Instant now, EtaEstimator.JobEstimate est) {
    startedAt = now;
    estimate = est;
    lastProgressAt = now;
    if (!named) {
      steps[0].status = StepStatus.RUNNING;
      current = steps[0];
    }
  }

  @Override
  public void startStep(String name) {
    StepState step = namedStep(name);
    JobSnapshot snap;
    synchronized (this) {
      requireRunning();
      if (step.status != StepStatus.PENDING) {
        throw new IllegalStateException("step '" + name + "' of job " + id + " is " + step.status.wireName()
            + "; a step runs once");
      }
      Instant now = tracker.now();
      StepState running = current;
      if (running != null && running != step) {
        endStep(running, StepStatus.COMPLETED, null, now);
        emit(JobEventType.STEP_COMPLETED, now);
      }
      step.status = step.status.moveTo(name, StepStatus.RUNNING);
      step.startedAt = now;
      current = step;
      lastStep = name;
      snap = emit(JobEventType.STEP_STARTED, now);
    }
    tracker.persist(this, snap);
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
      StepState step = current;
      if (!named || step == null) {
        throw new IllegalStateException("job " + id + " has no running step");
      }
      Instant now = tracker.now();
      endStep(step, outcome, error, now);
      snap = emit(type, now);
    }
    tracker.persist(this, snap);
  }

  @Override
  public void skipStep(String name) {
    StepState step = namedStep(name);
    JobSnapshot snap;
    synchronized (this) {
      if (status.isTerminal()) {
        throw endedError(status);
      }
      Instant now = tracker.now();
      endStep(step, StepStatus.SKIPPED, null, now);
      snap = emit(JobEventType.STEP_SKIPPED, now);
    }
    tracker.persist(this, snap);
  }

  private void endStep(StepState step, StepStatus outcome, String error, Instant now) {
    step.status = step.status.moveTo(step.name, outcome);
    step.completedAt = now;
    step.error = error;
    if (current == step) {
      current = null;
    }
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
      int active = activeChildren().size();
      if (active > 0) {
        throw new IllegalStateException("job " + id + " still has " + active
            + " active children; call sealChildren() to end it when they finish");
      }
      snap = children.isEmpty()
          ? end(JobStatus.COMPLETED, null, resultJson)
          : endFromChildren(resultJson);
    }
    ended(snap, List.of());
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
      snap = end(outcome, errorText, null);
      orphans = activeChildren();
    }
    ended(snap, orphans);
  }

  @Override
  public void close() {
    try {
      boolean requested;
      synchronized (this) {
        if (status.isTerminal() || sealed) {
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
      // Another thread ended it first: that is what close() wanted.
    } catch (RuntimeException e) {
      LOG.warn("could not end job {} on close", id, e);
    }
  }

  /** Ends the job; the caller holds the lock and calls {@link #ended} after releasing it. */
  private JobSnapshot end(JobStatus outcome, String errorText, String resultJson) {
    // The percent a failed or cancelled job shows is where its work got to, before its steps are closed.
    maxPercent = Math.max(maxPercent, Percent.of(liveFraction()));
    status = status.moveTo(outcome);
    Instant now = tracker.now();
    completedAt = now;
    StepState running = current;
    if (errorText != null) {
      error = new JobError(errorText, running != null && named ? running.name : null, now);
    }
    result = resultJson;
    for (StepState step : steps) {
      if (step.status == StepStatus.RUNNING) {
        StepStatus stepOutcome = outcome == JobStatus.COMPLETED ? StepStatus.COMPLETED
            : outcome == JobStatus.FAILED ? StepStatus.FAILED : StepStatus.SKIPPED;
        endStep(step, stepOutcome, outcome == JobStatus.FAILED ? errorText : null, now);
      } else if (step.status == StepStatus.PENDING && outcome == JobStatus.COMPLETED) {
        endStep(step, StepStatus.SKIPPED, null, now);
      }
    }
    current = null;
    return emit(JobEventType.endedAs(outcome), now);
  }

  /** After a terminal change: make it durable, let the parent know, and ask orphaned children to stop. */
  private void ended(JobSnapshot snap, List<RealJob> orphans) {
    tracker.persist(this, snap);
    tracker.jobEnded(this);
    for (RealJob child : orphans) {
      child.cancelQuietly("parent job " + id + " ended as " + snap.status().wireName());
    }
    RealJob p = parent;
    if (p != null) {
      p.childEnded();
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

  /** Handles {@code tracker.cancel}: a queued job ends at once, a running one is asked. */
  JobSnapshot requestCancel(String reason) {
    JobSnapshot snap;
    boolean endedNow = false;
    List<RealJob> kids;
    synchronized (this) {
      if (status.isTerminal()) {
        throw endedError(status);
      }
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
        snap = last;
      }
      kids = activeChildren();
    }
    if (endedNow) {
      ended(snap, kids);
    } else {
      tracker.persist(this, snap);
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
      version = Math.max(version, stored.version());
    }
    cancelQuietly(stored.cancelReason());
  }

  private void cancelQuietly(String reason) {
    try {
      requestCancel(reason);
    } catch (JobEndedException alreadyEnded) {
      // Nothing to cancel.
    } catch (RuntimeException e) {
      LOG.warn("could not pass a cancel request on to job {}", id, e);
    }
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
    if (status.isTerminal()) {
      throw new IllegalStateException("job " + id + " has ended as " + status.wireName() + "; it takes no children");
    }
    if (sealed) {
      throw new IllegalStateException("job " + id + " is sealed; it takes no more children");
    }
    children.add(child);
    if (spec.expectedChildren() > 0 && children.size() >= spec.expectedChildren()) {
      sealed = true;
    }
    dirty = true;
  }

  synchronized void removeChild(RealJob child) {
    children.remove(child);
    if (children.size() < spec.expectedChildren()) {
      sealed = false;
    }
    dirty = true;
  }

  @Override
  public void sealChildren() {
    synchronized (this) {
      if (status.isTerminal()) {
        throw endedError(status);
      }
      sealed = true;
    }
    childEnded();
  }

  /** Called when a child ends, or the children were sealed: the parent may end now. */
  private void childEnded() {
    dirty = true;
    JobSnapshot snap = null;
    synchronized (this) {
      if (sealed && status == JobStatus.RUNNING && activeChildren().isEmpty()) {
        snap = endFromChildren(result);
      }
    }
    if (snap != null) {
      ended(snap, List.of());
    } else if (tracker.hasListeners()) {
      scheduleDispatch();
    }
  }

  /** Ends a parent whose children have all ended: it completes only if every child completed. */
  private JobSnapshot endFromChildren(String resultJson) {
    ChildCounts counts = countChildren();
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

  private List<RealJob> activeChildren() {
    List<RealJob> active = new ArrayList<>();
    for (RealJob child : children) {
      if (!child.status.isTerminal()) {
        active.add(child);
      }
    }
    return active;
  }

  private ChildCounts countChildren() {
    int queued = 0;
    int running = 0;
    int completed = 0;
    int failed = 0;
    int cancelled = 0;
    for (RealJob child : children) {
      switch (child.status) {
        case QUEUED -> queued++;
        case RUNNING -> running++;
        case COMPLETED -> completed++;
        case FAILED -> failed++;
        case CANCELLED -> cancelled++;
        default -> throw new AssertionError(child.status);
      }
    }
    int total = sealed && spec.expectedChildren() == 0
        ? children.size()
        : Math.max(children.size(), spec.expectedChildren());
    return new ChildCounts(total, queued, running, completed, failed, cancelled);
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
  public JobSnapshot snapshot() {
    return current();
  }

  /** Returns the latest state, building (and publishing) a new version if progress changed since the last one. */
  synchronized JobSnapshot current() {
    if (dirty && !status.isTerminal()) {
      emit(JobEventType.PROGRESS, tracker.now());
    }
    return last;
  }

  /** Returns the last built state without building a new one. */
  synchronized JobSnapshot last() {
    return last;
  }

  JobStatus status() {
    return status;
  }

  /** Announces the job's first state; called once, after the store accepted it. */
  synchronized void announce() {
    tracker.publish(status == JobStatus.QUEUED ? JobEventType.JOB_CREATED : JobEventType.JOB_STARTED, last);
  }

  /** Records that the store has this state (or a newer one). */
  void markPersisted(JobSnapshot persisted) {
    synchronized (this) {
      if (persisted.version() > persistedVersion) {
        persistedVersion = persisted.version();
        persistedAt = persisted.updatedAt();
      }
    }
  }

  /** Returns whether the store has seen no write of this job since a time: a heartbeat must say it is alive. */
  synchronized boolean silentSince(Instant time) {
    return persistedAt == null || persistedAt.isBefore(time);
  }

  long persistedVersion() {
    return persistedVersion;
  }

  /** Raises the stalled flag once a running job has made no progress for {@code stallAfter}. */
  synchronized void checkStall(Instant now, Duration stallAfter) {
    if (status == JobStatus.RUNNING && !last.stalled() && lastProgressAt != null
        && !now.isBefore(lastProgressAt.plus(stallAfter))) {
      dirty = true;
      if (tracker.hasListeners()) {
        scheduleDispatch();
      }
    }
  }

  /** Returns whether an ended job has been written and kept in memory long enough. */
  synchronized boolean evictable(Instant now, Duration keepCompleted, Duration keepFailed) {
    if (!status.isTerminal() || persistedVersion < last.version()) {
      return false;
    }
    Duration keep = status == JobStatus.COMPLETED ? keepCompleted : keepFailed;
    return !now.isBefore(completedAt.plus(keep));
  }

  private JobSnapshot emit(JobEventType type, Instant now) {
    JobSnapshot snap = build(now);
    tracker.publish(type, snap);
    return snap;
  }

  private JobSnapshot build(Instant now) {
    dirty = false;
    double fraction = liveFraction();
    double percent;
    if (status == JobStatus.COMPLETED) {
      percent = 100;
    } else if (status.isTerminal()) {
      percent = maxPercent;
    } else {
      percent = Math.max(maxPercent, Percent.of(fraction));
    }
    maxPercent = percent;

    long mark = Double.doubleToLongBits(fraction);
    for (StepState step : steps) {
      mark = mark * 31 + step.progressMark();
    }
    if (mark != lastMark) {
      lastMark = mark;
      lastProgressAt = now;
    }
    boolean stalled = status == JobStatus.RUNNING && lastProgressAt != null
        && !now.isBefore(lastProgressAt.plus(tracker.stallAfter()));

    List<StepSnapshot> stepSnapshots;
    if (named) {
      StepSnapshot[] array = new StepSnapshot[steps.length];
      for (int i = 0; i < steps.length; i++) {
        array[i] = steps[i].snapshot();
      }
      stepSnapshots = List.of(array);
    } else {
      stepSnapshots = List.of();
    }
    StepState running = current;
    StepState implicit = named ? null : steps[0];
    Long elapsed = startedAt == null ? null
        : Duration.between(startedAt, completedAt != null ? completedAt : now).toMillis();
    version = Versions.next(version, now);
    JobSnapshot snap = new JobSnapshot(id, spec.type(), spec.owner(), spec.tenant(), spec.parentId(), status,
        percent, message, named && running != null ? running.name : lastStep, stepSnapshots,
        implicit == null ? null : implicit.doneOrNull(), implicit == null ? null : implicit.totalOrNull(),
        hasChildren() ? countChildren() : null, null, elapsed, stalled, createdAt, startedAt, now, completedAt,
        error, result, cancelRequested, cancelReason, spec.attributes(), version);
    if (status == JobStatus.RUNNING && estimate != null) {
      Eta eta = tracker.estimate(estimate, snap, now);
      if (eta != null) {
        snap = snap.toBuilder().eta(eta).build();
      }
    }
    last = snap;
    return snap;
  }

  private boolean hasChildren() {
    return !children.isEmpty() || spec.expectedChildren() > 0;
  }

  /** Returns how far the job is, 0–1, from its steps, or from its children when it has no steps of its own. */
  private double liveFraction() {
    if (named) {
      return stepFraction();
    }
    if (status == JobStatus.COMPLETED) {
      return 1;
    }
    if (hasChildren()) {
      double sum = 0;
      for (RealJob child : children) {
        sum += child.status.isTerminal() ? 1 : child.stepFraction();
      }
      return sum / Math.max(children.size(), spec.expectedChildren());
    }
    return steps[0].fraction();
  }

  /**
   * Returns the weighted progress of this job's steps, read from volatile fields without this job's lock, so a
   * parent can read its children while holding only its own (no lock is ever taken parent→child).
   */
  private double stepFraction() {
    if (named) {
      double weighted = 0;
      double weights = 0;
      for (StepState step : steps) {
        weighted += step.weight * step.fraction();
        weights += step.weight;
      }
      return weighted / weights;
    }
    return steps[0].fraction();
  }

  // ---- checks ----

  private StepState namedStep(String name) {
    StepState step = stepsByName.get(name);
    if (step == null) {
      throw new IllegalArgumentException("job " + id + " has no step '" + name + "'; its steps are "
          + spec.steps().stream().map(StepSpec::name).toList());
    }
    return step;
  }

  private void requireRunning() {
    if (status != JobStatus.RUNNING) {
      throw status.isTerminal() ? endedError(status) : new IllegalStateException("job " + id + " is queued; call start() first");
    }
  }

  private JobEndedException endedError(JobStatus s) {
    return new JobEndedException("job " + id + " has already ended as " + s.wireName()
        + "; a finished job cannot change");
  }

  private static String errorText(String message, Throwable cause) {
    String text = message != null ? message : cause != null ? cause.toString() : "failed";
    if (text.isBlank()) {
      text = "failed";
    }
    return text.length() <= Limits.MAX_ERROR_LENGTH ? text : text.substring(0, Limits.MAX_ERROR_LENGTH - 1) + "…";
  }
}
