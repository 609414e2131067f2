package dev.headway;

import static dev.headway.internal.BuilderChecks.notNegative;
import static dev.headway.internal.BuilderChecks.once;
import static dev.headway.internal.BuilderChecks.orDefault;
import static dev.headway.internal.BuilderChecks.positive;

import dev.headway.internal.Policies;
import dev.headway.internal.RealProgressTracker;
import dev.headway.spi.ClusterBus;
import dev.headway.spi.EtaEstimator;
import dev.headway.spi.JobStore;
import dev.headway.spi.TrackerObserver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Tracks long-running jobs: workers report through {@link Job} handles, observers {@link #find}, {@link #list}
 * and {@link #subscribe}.
 *
 * <pre>{@code
 * try (ProgressTracker tracker = ProgressTracker.builder().build()) {
 *   Job job = tracker.start(JobSpec.builder("article", "alice").step("research", 1).step("writing", 2).build());
 *   ...
 * }
 * }</pre>
 *
 * <p>Thread-safe. Live jobs are held in memory; their state is written to the {@link JobStore} (status changes
 * before the call returns, progress in batches every {@link Builder#flushInterval flush interval}), and ended jobs
 * leave memory after a while but stay findable through the store. {@link #close()} flushes and stops background
 * work; the tracker owns only the threads it created.
 */
public interface ProgressTracker extends AutoCloseable {

  /**
   * Starts a builder.
   *
   * @return a builder with the defaults described on each setting
   */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Creates a job and returns the worker's handle. The job is {@code RUNNING} unless the spec is
   * {@link JobSpec.Builder#queued() queued}; either way it is in the store when this returns.
   *
   * @param spec what the job is
   * @return the handle; close it (try-with-resources) so no code path leaves the job running
   * @throws ExclusiveKeyException if the spec's exclusive key is held by an active job
   * @throws JobNotFoundException if the spec names a parent that does not exist
   * @throws IllegalStateException if the tracker is closed, or the parent has ended or is sealed
   */
  Job start(JobSpec spec);

  /**
   * Starts a job for a caller, or, when an active job already holds its exclusive key, tells which one only if the
   * {@link #accessPolicy() access policy} lets the caller read it. Use it where the caller is a user: a plain
   * {@link ExclusiveKeyException} names the holder's id whoever asked.
   *
   * @param spec what the job is
   * @param principal the caller, or null for anonymous
   * @return the started job, the caller's running job with the same key, or "busy" without naming the holder
   * @throws JobNotFoundException if the spec names a parent that does not exist
   * @throws IllegalStateException if the tracker is closed, or the parent has ended or is sealed
   */
  default JobStart startOrAttach(JobSpec spec, String principal) {
    ExclusiveKeyException conflict = null;
    // Twice at most: a holder that ended between the conflict and the look has freed the key.
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        return new JobStart.Started(start(spec));
      } catch (ExclusiveKeyException e) {
        conflict = e;
      }
      Optional<JobSnapshot> holder = find(conflict.activeJobId());
      if (holder.isPresent() && !holder.get().isFinished()) {
        return Policies.canRead(accessPolicy(), principal, holder.get())
            ? new JobStart.Attached(holder.get())
            : new JobStart.Busy(conflict.key());
      }
    }
    return new JobStart.Busy(conflict.key());
  }

  /**
   * Returns a job's current state, from memory when it is live here, else from the store.
   *
   * @param id the job's id
   * @return the snapshot, or empty if no such job exists
   */
  Optional<JobSnapshot> find(String id);

  /**
   * Lists jobs, newest first.
   *
   * @param filter which jobs, and how many at most
   * @return the matching jobs
   */
  List<JobSnapshot> list(JobFilter filter);

  /**
   * Subscribes to one job's events. Events that happen after this call are delivered; to start from the current
   * state, subscribe first and then {@link #find} it, and ignore events whose version is not newer. If the job has
   * already ended, its terminal event is delivered at once.
   *
   * @param jobId the job
   * @param listener the listener; see its contract
   * @return the subscription; it ends by itself after the job's terminal event
   * @throws JobNotFoundException if no such job exists
   */
  Subscription subscribe(String jobId, JobListener listener);

  /**
   * Subscribes to the events of every job the filter matches, for example all of one owner's jobs; new jobs
   * appear with their first event, ended ones send their terminal event.
   *
   * @param filter owner, tenant, type and parent to match; a status selection is not allowed here
   * @param listener the listener; see its contract
   * @return the subscription
   * @throws IllegalArgumentException if the filter selects statuses
   */
  Subscription subscribe(JobFilter filter, JobListener listener);

  /**
   * Asks for a job to be cancelled. A queued job is cancelled at once; a running job's worker sees
   * {@link Job#isCancelRequested()} and ends it; a bulk job's active children are asked too.
   *
   * @param id the job
   * @param reason why, shown to its observers, or null
   * @return the job's state after the request
   * @throws JobNotFoundException if no such job exists
   * @throws JobEndedException if the job has already ended
   */
  JobSnapshot cancel(String id, String reason);

  /**
   * Retries a failed or cancelled job as a new attempt: a job of the same type, owner, tenant, exclusive key,
   * attributes and steps, under the same parent while that is active (a child of an ended bulk job is retried on
   * its own), one {@link JobSnapshot#attempt() attempt} on, {@link JobSnapshot#retryOf() linked}
   * to it, that carries the steps the job had completed, with their results ({@link Job#isStepDone}). The attempt is
   * handed to the {@link RetryHandler} registered for the type, and its state after that is returned.
   *
   * <p>Asked twice (a double click), the second call returns the first call's attempt while it is active: the
   * attempt holds the job's exclusive key, or, for a job without one, a key of its own ({@code retry:} and the
   * retried job's id).
   *
   * @param id the failed or cancelled job
   * @param principal the caller, checked with {@link AccessPolicy#canRetry}; null for anonymous
   * @return the new attempt's state, or the state of the attempt already running for it
   * @throws JobNotFoundException if no such job exists, or the policy does not let the caller retry it
   * @throws RetryRefusedException if the job is active or completed, its type has no retry handler, another job
   *     holds its exclusive key, or its active parent takes no more children
   * @throws IllegalStateException if the tracker is closed
   */
  JobSnapshot retry(String id, String principal);

  /**
   * Returns a job's log lines numbered above {@code afterSeq}, oldest first: from memory when the job is live here,
   * else from the store.
   *
   * @param id the job
   * @param afterSeq 0 for the whole log, else the number of the last line the caller has
   * @return the lines, at most one step's worth of {@link Limits#MAX_LOG_LINES_PER_STEP} per step
   * @throws JobNotFoundException if no such job exists
   */
  List<LogLine> log(String id, long afterSeq);

  /**
   * Returns numbers about the jobs that ended at or after {@code since} and match the filter: counts by outcome,
   * failure and cancellation rates, duration percentiles, and per step. Read from the store with grouped, indexed
   * queries; see the README for what it costs.
   *
   * @param filter owner, tenant, type and parent to match; a status selection is not allowed here
   * @param since the start of the period
   * @return the figures
   * @throws IllegalArgumentException if the filter selects statuses
   */
  JobStats stats(JobFilter filter, Instant since);

  /**
   * Returns the access policy the HTTP adapters consult.
   *
   * @return the policy
   */
  AccessPolicy accessPolicy();

  /**
   * Returns how the tracker is doing, for a health check: never waits for the store; walks the live jobs once.
   *
   * @return whether the store takes writes, the write backlog, whether the cluster bus is connected, and how many
   *     running jobs are stalled
   */
  TrackerHealth health();

  /**
   * Writes pending progress of live jobs to the store now, instead of at the next flush interval.
   */
  void flush();

  /**
   * Stops background work without interrupting a write in progress, ends this tracker's active jobs as
   * {@link Builder#activeJobsOnClose} says (by default {@code FAILED}, "the server stopped while this job was
   * running"), writes everything pending (waiting at most {@code statusWriteTimeout}), and shuts down the threads
   * the tracker created, giving listeners up to a second to take the events already published. Idempotent.
   */
  @Override
  void close();

  /**
   * Configures a {@link ProgressTracker}. Each setting may be given once; not thread-safe.
   */
  final class Builder {
    private JobStore store;
    private Clock clock;
    private ScheduledExecutorService scheduler;
    private Executor executor;
    private EtaEstimator etaEstimator;
    private AccessPolicy accessPolicy;
    private Duration flushInterval;
    private Duration keepCompleted;
    private Duration keepFailed;
    private Duration stallAfter;
    private Duration retention;
    private String nodeId;
    private Duration heartbeatInterval;
    private Duration staleAfter;
    private Duration statusWriteTimeout;
    private ClusterBus clusterBus;
    private ActiveJobsOnClose activeJobsOnClose;
    private TrackerObserver observer;
    private final Map<String, RetryHandler> retryHandlers = new HashMap<>();

    private Builder() {}

    /**
     * Sets where jobs are kept durably. Default: an in-memory store (jobs do not survive a restart).
     *
     * @param store the store; the tracker does not close it
     * @return this builder
     */
    public Builder store(JobStore store) {
      this.store = once(this.store, store, "store");
      return this;
    }

    /**
     * Sets the clock for every timestamp, ETA and timer. Default: {@link Clock#systemUTC()}.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = once(this.clock, clock, "clock");
      return this;
    }

    /**
     * Sets the scheduler for flushing, eviction and stall checks. Default: one daemon thread the tracker owns.
     *
     * @param scheduler the scheduler; the tracker does not shut it down
     * @return this builder
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = once(this.scheduler, scheduler, "scheduler");
      return this;
    }

    /**
     * Sets the executor that calls listeners. Default: a pool of max(4, 2 × cores) daemon threads the tracker owns,
     * so Headway's thread count stays fixed whatever the load; each subscription is served by one task at a time (at
     * most 64 events per turn), so a listener that blocks holds one of those threads — do blocking work elsewhere.
     *
     * @param executor the executor; the tracker does not shut it down
     * @return this builder
     */
    public Builder executor(Executor executor) {
      this.executor = once(this.executor, executor, "executor");
      return this;
    }

    /**
     * Sets the ETA estimator. Default: {@link EtaEstimator#smoothed()}.
     *
     * @param estimator the estimator
     * @return this builder
     */
    public Builder etaEstimator(EtaEstimator estimator) {
      this.etaEstimator = once(this.etaEstimator, estimator, "etaEstimator");
      return this;
    }

    /**
     * Sets who may read and cancel jobs. Default: {@link AccessPolicy#ownerOnly()}.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder accessPolicy(AccessPolicy policy) {
      this.accessPolicy = once(this.accessPolicy, policy, "accessPolicy");
      return this;
    }

    /**
     * Sets how often pending progress is written to the store. Default: 200 ms.
     *
     * @param interval a positive duration
     * @return this builder
     */
    public Builder flushInterval(Duration interval) {
      this.flushInterval = once(this.flushInterval, positive("flushInterval", interval), "flushInterval");
      return this;
    }

    /**
     * Sets how long a completed job stays in memory. Default: 30 s.
     *
     * @param duration zero or more
     * @return this builder
     */
    public Builder keepCompleted(Duration duration) {
      this.keepCompleted = once(this.keepCompleted, notNegative("keepCompleted", duration), "keepCompleted");
      return this;
    }

    /**
     * Sets how long a failed or cancelled job stays in memory. Default: 60 s.
     *
     * @param duration zero or more
     * @return this builder
     */
    public Builder keepFailed(Duration duration) {
      this.keepFailed = once(this.keepFailed, notNegative("keepFailed", duration), "keepFailed");
      return this;
    }

    /**
     * Sets after how long without progress a running job is marked {@code stalled}. Default: 30 s.
     *
     * @param duration a positive duration
     * @return this builder
     */
    public Builder stallAfter(Duration duration) {
      this.stallAfter = once(this.stallAfter, positive("stallAfter", duration), "stallAfter");
      return this;
    }

    /**
     * Sets how long ended jobs stay in the store before they are deleted. Default: 7 days.
     *
     * @param duration a positive duration
     * @return this builder
     */
    public Builder retention(Duration duration) {
      this.retention = once(this.retention, positive("retention", duration), "retention");
      return this;
    }

    /**
     * Names this tracker in a cluster: the store records which node runs which job. Default: {@code node-} and 8
     * random characters, new for every tracker.
     *
     * @param nodeId a short, unique name, for example the host name
     * @return this builder
     */
    public Builder nodeId(String nodeId) {
      this.nodeId = once(this.nodeId, Limits.requireText("nodeId", nodeId, Limits.MAX_KEY_LENGTH), "nodeId");
      return this;
    }

    /**
     * Sets how often the tracker tells the store that its active jobs are alive, and looks for jobs whose node
     * stopped doing so. Default: 5 s.
     *
     * @param interval a positive duration
     * @return this builder
     */
    public Builder heartbeatInterval(Duration interval) {
      this.heartbeatInterval =
          once(this.heartbeatInterval, positive("heartbeatInterval", interval), "heartbeatInterval");
      return this;
    }

    /**
     * Sets after how long without a sign of life an active job is ended {@code FAILED} ("worker stopped
     * responding") by any tracker on the same store. Default: 30 s; keep it several heartbeat intervals long.
     *
     * @param duration a positive duration
     * @return this builder
     */
    public Builder staleAfter(Duration duration) {
      this.staleAfter = once(this.staleAfter, positive("staleAfter", duration), "staleAfter");
      return this;
    }

    /**
     * Sets the longest a status change (start, step, completion, failure, cancellation) waits for the store, whatever
     * the store's own timeouts (a connection pool may wait 30 s for a connection during an outage): then the call
     * throws a {@link HeadwayException} and the change stays queued, written as soon as the store takes it; the job
     * keeps getting heartbeats meanwhile, so no other node ends it while this one lives. Default: 5 s.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder statusWriteTimeout(Duration timeout) {
      this.statusWriteTimeout =
          once(this.statusWriteTimeout, positive("statusWriteTimeout", timeout), "statusWriteTimeout");
      return this;
    }

    /**
     * Sets how this tracker hears of jobs other nodes on the same store write, and tells them of its own, so a
     * subscriber here follows a job running there (and a cancel request made here reaches its worker). Default:
     * the store's own bus when it has one (a PostgreSQL {@code JdbcJobStore} uses LISTEN/NOTIFY), else
     * {@link ClusterBus#inProcess()}. The tracker starts the bus when built and closes it when closed.
     *
     * @param bus the bus, given to this tracker only
     * @return this builder
     */
    public Builder clusterBus(ClusterBus bus) {
      this.clusterBus = once(this.clusterBus, bus, "clusterBus");
      return this;
    }

    /**
     * Sets what {@link ProgressTracker#close()} does with this tracker's jobs that are still active. Default:
     * {@link ActiveJobsOnClose#FAIL}, so that after a clean shutdown no job shows "running".
     *
     * @param onClose what to do
     * @return this builder
     */
    public Builder activeJobsOnClose(ActiveJobsOnClose onClose) {
      this.activeJobsOnClose = once(this.activeJobsOnClose, onClose, "activeJobsOnClose");
      return this;
    }

    /**
     * Sets what the tracker tells a metrics system: its own jobs' lifecycle and every store call (see
     * {@code headway-micrometer}). Never told of progress, so workers' {@code advance} costs the same. Default:
     * nothing.
     *
     * @param observer the observer; its calls must be fast, and one that throws is logged and ignored
     * @return this builder
     */
    public Builder observer(TrackerObserver observer) {
      this.observer = once(this.observer, observer, "observer");
      return this;
    }

    /**
     * Registers what starts the work of a retried job of a type ({@link ProgressTracker#retry}). A type without a
     * handler cannot be retried. Default: none.
     *
     * @param type the job type
     * @param handler the handler; one that throws leaves the attempt failed
     * @return this builder
     * @throws IllegalStateException if the type has a handler already
     */
    public Builder retryHandler(String type, RetryHandler handler) {
      Limits.requireText("type", type, Limits.MAX_TYPE_LENGTH);
      retryHandlers.put(type, once(retryHandlers.get(type), handler, "retryHandler for type '" + type + "'"));
      return this;
    }

    /**
     * Builds the tracker and starts its background work.
     *
     * @return the tracker
     */
    public ProgressTracker build() {
      return new RealProgressTracker(new RealProgressTracker.Settings(
          store,
          clock == null ? Clock.systemUTC() : clock,
          scheduler,
          executor,
          etaEstimator == null ? EtaEstimator.smoothed() : etaEstimator,
          accessPolicy == null ? AccessPolicy.ownerOnly() : accessPolicy,
          orDefault(flushInterval, Duration.ofMillis(200)),
          orDefault(keepCompleted, Duration.ofSeconds(30)),
          orDefault(keepFailed, Duration.ofSeconds(60)),
          orDefault(stallAfter, Duration.ofSeconds(30)),
          orDefault(retention, Duration.ofDays(7)),
          nodeId,
          orDefault(heartbeatInterval, Duration.ofSeconds(5)),
          orDefault(staleAfter, Duration.ofSeconds(30)),
          orDefault(statusWriteTimeout, Duration.ofSeconds(5)),
          clusterBus,
          activeJobsOnClose == null ? ActiveJobsOnClose.FAIL : activeJobsOnClose,
          observer == null ? TrackerObserver.NONE : observer,
          Map.copyOf(retryHandlers)));
    }
  }
}
