package dev.headway.internal;

import dev.headway.AccessPolicy;
import dev.headway.ActiveJobsOnClose;
import dev.headway.Job;
import dev.headway.JobEndedException;
import dev.headway.JobEvent;
import dev.headway.JobEventType;
import dev.headway.JobFilter;
import dev.headway.JobListener;
import dev.headway.JobNotFoundException;
import dev.headway.JobSnapshot;
import dev.headway.JobSpec;
import dev.headway.JobStats;
import dev.headway.Limits;
import dev.headway.LogLine;
import dev.headway.ProgressTracker;
import dev.headway.RetryHandler;
import dev.headway.Subscription;
import dev.headway.TrackerHealth;
import dev.headway.spi.ClusterBus;
import dev.headway.spi.EtaEstimator;
import dev.headway.spi.JobStore;
import dev.headway.spi.TrackerObserver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracker: live jobs in memory, subscribers, the store writer and housekeeping.
 *
 * <p>Status changes are written by the {@link StoreWriter} before the worker's call returns (at most
 * {@code statusWriteTimeout} later), progress every {@code flushInterval} by the {@link Housekeeping} task, which also
 * raises stalled flags, drops ended jobs from memory once their end is in the store, sends heartbeats and sweeps
 * other nodes' dead jobs.
 */
public final class RealProgressTracker implements ProgressTracker {
  private static final Logger LOG = LoggerFactory.getLogger(RealProgressTracker.class);
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);

  /**
   * Everything the builder configured; null scheduler or executor means the tracker makes and owns one.
   *
   * @param store the store, or null for a new in-memory store
   * @param clock the clock
   * @param scheduler the scheduler, or null
   * @param executor the listener executor, or null
   * @param etaEstimator the estimator
   * @param accessPolicy the access policy
   * @param flushInterval how often progress is written
   * @param keepCompleted how long completed jobs stay in memory
   * @param keepFailed how long failed and cancelled jobs stay in memory
   * @param stallAfter when a job without progress counts as stalled
   * @param retention how long ended jobs stay in the store
   * @param nodeId this tracker's name in a cluster, or null for a random one
   * @param heartbeatInterval how often active jobs are marked alive and stale ones looked for
   * @param staleAfter when an active job without a sign of life is ended
   * @param statusWriteTimeout how long a status change waits for the store
   * @param clusterBus the bus to the other nodes, or null for the store's default
   * @param activeJobsOnClose what close() does with jobs still active
   */
  public record Settings(JobStore store, Clock clock, ScheduledExecutorService scheduler, Executor executor,
      EtaEstimator etaEstimator, AccessPolicy accessPolicy, Duration flushInterval, Duration keepCompleted,
      Duration keepFailed, Duration stallAfter, Duration retention, String nodeId, Duration heartbeatInterval,
      Duration staleAfter, Duration statusWriteTimeout, ClusterBus clusterBus, ActiveJobsOnClose activeJobsOnClose,
      TrackerObserver observer, Map<String, RetryHandler> retryHandlers) {}

  private final Settings settings;
  private final JobStore store;
  private final TrackerObserver observer;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final Executor executor;
  private final boolean ownsScheduler;
  private final boolean ownsExecutor;
  private final Ids ids = new Ids();
  private final ConcurrentHashMap<String, RealJob> live = new ConcurrentHashMap<>();
  private final Subscribers subscribers;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Object housekeepingLock = new Object();
  private final String nodeId;
  private final ClusterLink cluster;
  private final RemoteChanges remote;
  private final StoreWriter writer;
  private final StoreCallPool storeCalls;
  private final JobInserts inserts;
  private final JobEtas etas;
  private final ScheduledFuture<?> housekeeping;
  private final Retries retries;

  /**
   * Builds a tracker; use {@link ProgressTracker#builder()}.
   *
   * @param settings the configuration
   */
  public RealProgressTracker(Settings settings) {
    this.settings = settings;
    JobStore given = settings.store() != null ? settings.store() : JobStore.inMemory(settings.clock());
    boolean observed = settings.observer() != TrackerObserver.NONE;
    this.observer = observed ? new GuardedObserver(settings.observer()) : TrackerObserver.NONE;
    this.store = observed ? new ObservedStore(given, observer) : given;
    this.clock = settings.clock();
    this.ownsScheduler = settings.scheduler() == null;
    this.ownsExecutor = settings.executor() == null;
    if (ownsScheduler) {
      ScheduledThreadPoolExecutor own = new ScheduledThreadPoolExecutor(1, new DaemonThreads("headway-scheduler-"));
      own.setRemoveOnCancelPolicy(true);
      this.scheduler = own;
    } else {
      this.scheduler = settings.scheduler();
    }
    this.executor = ownsExecutor
        ? listenerPool()
        : settings.executor();
    this.subscribers = new Subscribers(executor);
    this.nodeId = settings.nodeId() != null ? settings.nodeId() : "node-" + ids.next().substring(0, 8);
    this.remote = new RemoteChanges(store, nodeId, clock, subscribers, live);
    this.cluster = new ClusterLink(settings.clusterBus(), given, nodeId, observer);
    this.writer = new StoreWriter(store, cluster::announce, settings.statusWriteTimeout(),
        settings.flushInterval(), clock, nodeId);
    this.storeCalls = new StoreCallPool(nodeId);
    this.inserts = new JobInserts(store, nodeId, settings.statusWriteTimeout(), clock, storeCalls);
    this.retries = new Retries(this, settings.retryHandlers(), this::start, closed::get);
    this.etas = new JobEtas(settings.etaEstimator(), new RunHistories(store, storeCalls, clock));
    Sweeper sweeper = new Sweeper(store, nodeId, settings.staleAfter(), live::containsKey, this::sweptElsewhere);
    Housekeeping task = new Housekeeping(settings, store, clock, live::values, writer, sweeper, remote, nodeId,
        this::evict);
    long every = settings.flushInterval().toNanos();
    // At a fixed rate, so a slow flush (a large batch) does not push every later one back by its own length.
    this.housekeeping = scheduler.scheduleAtFixedRate(() -> runHousekeeping(task), every, every,
        TimeUnit.NANOSECONDS);
    try {
      cluster.start(remote);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * The default listener executor: a fixed number of threads, so the tracker's thread count never grows with load.
   * Its queue holds at most one delivery task per subscription and one dispatch per job, never one per event.
   */
  private static ExecutorService listenerPool() {
    int threads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), new DaemonThreads("headway-listener-"));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  // ---- worker side ----

  @Override
  public Job start(JobSpec spec) {
    Objects.requireNonNull(spec, "spec");
    return start(spec, null);
  }

  /** Starts a job under the parent its spec names, which must be active: afresh, or as an attempt of another. */
  private Job start(JobSpec spec, JobSnapshot previous) {
    RealJob parent = null;
    if (spec.parentId() != null) {
      parent = live.get(spec.parentId());
      if (parent == null) {
        JobSnapshot stored = store.find(spec.parentId())
            .orElseThrow(() -> new JobNotFoundException(spec.parentId()));
        if (stored.isFinished()) {
          throw new IllegalStateException("parent job " + stored.id() + " has ended as "
              + stored.status().wireName() + "; it takes no children");
        }
      }
    }
    return start(spec, previous, parent);
  }

  Job startChild(RealJob parent, JobSpec spec) {
    JobSpec childSpec = spec.parentId() != null ? spec : withParent(spec, parent.id());
    return start(childSpec, null, parent);
  }

  /** Starts a job: afresh, or as a new attempt of {@code previous}, whose completed steps it carries. */
  private Job start(JobSpec spec, JobSnapshot previous, RealJob parent) {
    requireOpen();
    EtaEstimator.JobEstimate estimate = spec.queued() ? null : etas.begin(spec.type());
    RealJob job = new RealJob(this, ids.next(), spec, previous, parent, now(), estimate);
    if (parent != null) {
      parent.addChild(job);
    }
    JobSnapshot first = job.first();
    try {
      inserts.insert(first, spec.exclusiveKey());
    } catch (RuntimeException e) {
      if (parent != null) {
        parent.removeChild(job);
      }
      throw e;
    }
    cluster.announce(List.of(first));
    live.put(job.id(), job);
    job.announce(first);
    if (parent != null && hasListeners()) {
      parent.scheduleDispatch();
    }
    return job;
  }

  private static JobSpec withParent(JobSpec spec, String parentId) {
    return new JobSpec(spec.type(), spec.owner(), spec.tenant(), parentId, spec.exclusiveKey(), spec.attributes(),
        spec.steps(), spec.total(), spec.queued(), spec.expectedChildren());
  }

  // ---- observer side ----

  @Override
  public Optional<JobSnapshot> find(String id) {
    Objects.requireNonNull(id, "id");
    RealJob job = live.get(id);
    return job != null ? Optional.of(job.view()) : store.find(id);
  }

  @Override
  public List<JobSnapshot> list(JobFilter filter) {
    Objects.requireNonNull(filter, "filter");
    List<JobSnapshot> stored = store.list(filter);
    List<JobSnapshot> result = new ArrayList<>(stored.size());
    for (JobSnapshot s : stored) {
      RealJob job = live.get(s.id());
      JobSnapshot fresh = job != null ? job.view() : s;
      if (filter.matches(fresh)) {
        result.add(fresh);
      }
    }
    return result;
  }

  @Override
  public Subscription subscribe(String jobId, JobListener listener) {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(listener, "listener");
    requireOpen();
    RealSubscription sub = subscribers.addForJob(jobId, listener);
    RealJob liveJob = live.get(jobId);
    Optional<JobSnapshot> now = liveJob != null ? Optional.of(liveJob.view()) : store.find(jobId);
    if (now.isEmpty()) {
      sub.close();
      throw new JobNotFoundException(jobId);
    }
    if (liveJob == null) {
      remote.remember(now.get());
    }
    if (now.get().isFinished()) {
      sub.offer(new JobEvent(JobEventType.endedAs(now.get().status()), now.get()));
    }
    return sub;
  }

  @Override
  public Subscription subscribe(JobFilter filter, JobListener listener) {
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(listener, "listener");
    requireAnyStatus(filter, "a subscription follows jobs through every status");
    requireOpen();
    return subscribers.addForFilter(filter, listener);
  }

  private static void requireAnyStatus(JobFilter filter, String why) {
    if (!filter.statuses().isEmpty()) {
      throw new IllegalArgumentException(why + "; remove the status selection " + filter.statuses()
          + " from the filter");
    }
  }

  @Override
  public JobSnapshot cancel(String id, String reason) {
    Objects.requireNonNull(id, "id");
    Limits.checkLength("cancel reason", reason, Limits.MAX_REASON_LENGTH);
    RealJob job = live.get(id);
    if (job != null) {
      return job.requestCancel(reason, true);
    }
    JobSnapshot stored = store.find(id).orElseThrow(() -> new JobNotFoundException(id));
    if (stored.isFinished()) {
      throw new JobEndedException("job " + id + " has already ended as " + stored.status().wireName());
    }
    // Not live here: its worker (if any) runs elsewhere and learns of the request through the store.
    JobSnapshot requested = store.requestCancel(id, reason, now()).orElseThrow(() -> new JobNotFoundException(id));
    cluster.announce(List.of(requested));
    remote.publish(JobEventType.CANCEL_REQUESTED, requested);
    return requested;
  }

  @Override
  public JobSnapshot retry(String id, String principal) {
    Objects.requireNonNull(id, "id");
    requireOpen();
    return retries.retry(id, principal);
  }

  @Override
  public List<LogLine> log(String id, long afterSeq) {
    Objects.requireNonNull(id, "id");
    RealJob job = live.get(id);
    if (job != null) {
      return job.logAfter(afterSeq);
    }
    List<LogLine> stored = store.readLog(id, afterSeq, JobLog.MOST_LINES);
    if (stored.isEmpty() && store.find(id).isEmpty()) {
      throw new JobNotFoundException(id);
    }
    return stored;
  }

  @Override
  public JobStats stats(JobFilter filter, Instant since) {
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(since, "since");
    requireAnyStatus(filter, "stats count jobs of every outcome");
    return store.stats(filter, since);
  }

  @Override
  public TrackerHealth health() {
    int stalled = 0;
    for (RealJob job : live.values()) {
      stalled += job.shownStalled() ? 1 : 0;
    }
    return new TrackerHealth(writer.lastWriteSucceeded(), writer.backlog(), cluster.connected(), stalled);
  }

  @Override
  public AccessPolicy accessPolicy() {
    return settings.accessPolicy();
  }

  // ---- writes ----

  @Override
  public void flush() {
    writer.flush(settings.statusWriteTimeout());
  }

  /** Waits until the store holds a state of the job (see {@link StoreWriter#awaitDurable}). */
  void awaitDurable(RealJob job, JobSnapshot state) {
    writer.awaitDurable(job, state.version());
  }

  /** Notes a job whose progress changed since its last snapshot: the next flush writes it. */
  void changed(RealJob job) {
    writer.changed(job);
  }

  /** Queues a job's latest state for the writer, without waiting. */
  void enqueueWrite(RealJob job) {
    writer.enqueue(job);
  }

  private void runHousekeeping(Housekeeping task) {
    synchronized (housekeepingLock) {
      if (!closed.get()) {
        task.run();
      }
    }
  }

  /** Drops ended jobs from memory once their end is settled in the store and they were kept long enough. */
  private void evict() {
    Instant now = now();
    for (RealJob job : live.values()) {
      if (job.status().isTerminal() && job.evictable(now, settings.keepCompleted(), settings.keepFailed())) {
        live.remove(job.id(), job);
      }
    }
  }

  /** Tells everyone of the jobs this node's sweeper ended. */
  private void sweptElsewhere(List<JobSnapshot> ended) {
    cluster.announce(ended);
    for (JobSnapshot job : ended) {
      remote.publish(JobEventType.endedAs(job.status()), job);
    }
  }

  // ---- cluster ----

  String nodeId() {
    return nodeId;
  }

  // ---- events ----

  boolean hasListeners() {
    return subscribers.any();
  }

  /** Publishes a change of a job of this node. */
  void publish(JobEventType type, JobSnapshot snap) {
    subscribers.publish(type, snap);
    if (type != JobEventType.PROGRESS) {
      observer.jobEvent(type, snap);
    }
  }

  void execute(Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      LOG.debug("listener executor is shut down; progress is not pushed", e);
    }
  }

  // ---- ETA ----

  JobEtas etas() {
    return etas;
  }

  // ---- plumbing ----

  Instant now() {
    return clock.instant();
  }

  Duration stallAfter() {
    return settings.stallAfter();
  }

  private void requireOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the tracker is closed");
    }
  }

  /**
   * Stops housekeeping (waiting for a run in progress, never interrupting its I/O), ends or leaves the jobs still
   * active here as {@code activeJobsOnClose} says, writes everything pending (at most {@code statusWriteTimeout}),
   * then stops the bus and the threads the tracker owns.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    housekeeping.cancel(false);
    synchronized (housekeepingLock) {
      // A run in progress has finished; none starts after this.
    }
    if (settings.activeJobsOnClose() == ActiveJobsOnClose.LEAVE) {
      writer.flush(settings.statusWriteTimeout());
    }
    for (RealJob job : live.values()) {
      if (!job.status().isTerminal()) {
        if (settings.activeJobsOnClose() == ActiveJobsOnClose.LEAVE) {
          job.detach();
        } else {
          job.endOnClose(ActiveJobsOnClose.STOPPED);
        }
      }
    }
    writer.close(settings.statusWriteTimeout());
    storeCalls.close();
    cluster.close();
    if (ownsScheduler) {
      scheduler.shutdown();
    }
    if (ownsExecutor) {
      ExecutorService own = (ExecutorService) executor;
      own.shutdown();
      try {
        // Let listeners take the last events (often the terminal ones), but never hang on a stuck listener.
        if (!own.awaitTermination(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
          LOG.warn("listeners were still busy {} after close; their threads are left to finish", CLOSE_GRACE);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
