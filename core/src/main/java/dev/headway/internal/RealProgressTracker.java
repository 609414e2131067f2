package dev.headway.internal;

import dev.headway.AccessPolicy;
import dev.headway.Eta;
import dev.headway.HeadwayException;
import dev.headway.Job;
import dev.headway.JobEndedException;
import dev.headway.JobEvent;
import dev.headway.JobEventType;
import dev.headway.JobFilter;
import dev.headway.JobListener;
import dev.headway.JobNotFoundException;
import dev.headway.JobSnapshot;
import dev.headway.JobSpec;
import dev.headway.JobStatus;
import dev.headway.Limits;
import dev.headway.ProgressTracker;
import dev.headway.Subscription;
import dev.headway.spi.ChangeNotice;
import dev.headway.spi.ClusterBus;
import dev.headway.spi.EtaEstimator;
import dev.headway.spi.JobRun;
import dev.headway.spi.JobStore;
import dev.headway.spi.JobWrite;
import dev.headway.spi.StoredJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracker: live jobs in memory, listeners, the write-behind flusher and housekeeping.
 *
 * <p>Every {@code flushInterval} one task writes the progress of live jobs to the store in one batch, raises the
 * stalled flag on jobs that stopped moving, drops ended jobs from memory once they are durable and old enough, and
 * now and then deletes old ended jobs from the store.
 */
public final class RealProgressTracker implements ProgressTracker {
  private static final Logger LOG = LoggerFactory.getLogger(RealProgressTracker.class);
  private static final int HISTORY_RUNS = 20;
  private static final Duration HISTORY_TTL = Duration.ofMinutes(1);
  private static final Duration RETENTION_EVERY = Duration.ofMinutes(1);
  private static final int RETENTION_BATCH = 1000;
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);
  private static final Duration MAX_FLUSH_BACKOFF = Duration.ofSeconds(30);
  private static final int SWEEP_BATCH = 100;
  private static final int FLUSH_CHUNK = 200;

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
   * @param statusWriteTimeout how long a status change keeps trying to reach the store
   * @param clusterBus the bus to the other nodes, or null for the store's default
   */
  public record Settings(JobStore store, Clock clock, ScheduledExecutorService scheduler, Executor executor,
      EtaEstimator etaEstimator, AccessPolicy accessPolicy, Duration flushInterval, Duration keepCompleted,
      Duration keepFailed, Duration stallAfter, Duration retention, String nodeId, Duration heartbeatInterval,
      Duration staleAfter, Duration statusWriteTimeout, ClusterBus clusterBus) {}

  private record History(List<JobRun> runs, Instant loadedAt) {}

  private final Settings settings;
  private final JobStore store;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final Executor executor;
  private final boolean ownsScheduler;
  private final boolean ownsExecutor;
  private final Ids ids = new Ids();
  private final ConcurrentHashMap<String, RealJob> live = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, CopyOnWriteArrayList<RealSubscription>> byJob = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, CopyOnWriteArrayList<RealSubscription>> byOwner =
      new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<RealSubscription> unindexed = new CopyOnWriteArrayList<>();
  private final AtomicInteger listeners = new AtomicInteger();
  private final ConcurrentHashMap<String, History> histories = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Object flushLock = new Object();
  private final ScheduledFuture<?> housekeeping;
  private final String nodeId;
  private final ClusterBus bus;
  private final RemoteChanges remote;
  // Housekeeping state: touched only by the housekeeping task, which never overlaps itself.
  private Instant nextRetention;
  private Instant nextHeartbeat;
  private Instant nextFlush;
  private int failedFlushes;

  /**
   * Builds a tracker; use {@link ProgressTracker#builder()}.
   *
   * @param settings the configuration
   */
  public RealProgressTracker(Settings settings) {
    this.settings = settings;
    this.store = settings.store() != null ? settings.store() : JobStore.inMemory(settings.clock());
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
        ? new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
            new DaemonThreads("headway-listener-"))
        : settings.executor();
    this.nodeId = settings.nodeId() != null ? settings.nodeId() : "node-" + ids.next().substring(0, 8);
    this.remote = new RemoteChanges(this, store, nodeId);
    this.bus = settings.clusterBus() != null ? settings.clusterBus()
        : store instanceof ClusterBus.Default d ? d.defaultClusterBus() : ClusterBus.inProcess();
    this.nextRetention = clock.instant();
    this.nextHeartbeat = clock.instant();
    this.nextFlush = clock.instant();
    long every = settings.flushInterval().toNanos();
    // At a fixed rate, so a slow flush (a large batch) does not push every later one back by its own length.
    this.housekeeping = scheduler.scheduleAtFixedRate(this::housekeeping, every, every, TimeUnit.NANOSECONDS);
    try {
      bus.start(nodeId, remote);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  // ---- worker side ----

  @Override
  public Job start(JobSpec spec) {
    Objects.requireNonNull(spec, "spec");
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
    return start(spec, parent);
  }

  Job startChild(RealJob parent, JobSpec spec) {
    JobSpec childSpec = spec.parentId() != null ? spec : withParent(spec, parent.id());
    return start(childSpec, parent);
  }

  private Job start(JobSpec spec, RealJob parent) {
    requireOpen();
    EtaEstimator.JobEstimate estimate = spec.queued() ? null : beginEstimate(spec.type());
    RealJob job = new RealJob(this, ids.next(), spec, parent, now(), estimate);
    if (parent != null) {
      parent.addChild(job);
    }
    JobSnapshot first = job.last();
    try {
      store.insert(first, spec.exclusiveKey(), nodeId);
    } catch (RuntimeException e) {
      if (parent != null) {
        parent.removeChild(job);
      }
      throw e;
    }
    job.markPersisted(first);
    announce(List.of(first));
    live.put(job.id(), job);
    job.announce();
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
    return job != null ? Optional.of(job.current()) : store.find(id);
  }

  @Override
  public List<JobSnapshot> list(JobFilter filter) {
    Objects.requireNonNull(filter, "filter");
    List<JobSnapshot> stored = store.list(filter);
    List<JobSnapshot> result = new ArrayList<>(stored.size());
    for (JobSnapshot s : stored) {
      RealJob job = live.get(s.id());
      JobSnapshot fresh = job != null ? job.current() : s;
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
    RealSubscription[] holder = new RealSubscription[1];
    RealSubscription sub = new RealSubscription(listener, jobId, null, executor,
        () -> unregister(byJob, jobId, holder[0]));
    holder[0] = sub;
    register(byJob, jobId, sub);
    RealJob liveJob = live.get(jobId);
    Optional<JobSnapshot> now = liveJob != null ? Optional.of(liveJob.current()) : store.find(jobId);
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
    if (!filter.statuses().isEmpty()) {
      throw new IllegalArgumentException("a subscription follows jobs through every status; "
          + "remove the status selection " + filter.statuses() + " from the filter");
    }
    requireOpen();
    RealSubscription[] holder = new RealSubscription[1];
    RealSubscription sub;
    if (filter.owner() != null) {
      sub = new RealSubscription(listener, null, filter, executor,
          () -> unregister(byOwner, filter.owner(), holder[0]));
      holder[0] = sub;
      register(byOwner, filter.owner(), sub);
    } else {
      sub = new RealSubscription(listener, null, filter, executor, () -> {
        if (unindexed.remove(holder[0])) {
          listeners.decrementAndGet();
        }
      });
      holder[0] = sub;
      unindexed.add(sub);
      listeners.incrementAndGet();
    }
    return sub;
  }

  private void register(ConcurrentHashMap<String, CopyOnWriteArrayList<RealSubscription>> index, String key,
      RealSubscription sub) {
    index.compute(key, (k, list) -> {
      CopyOnWriteArrayList<RealSubscription> subs = list != null ? list : new CopyOnWriteArrayList<>();
      subs.add(sub);
      return subs;
    });
    listeners.incrementAndGet();
  }

  private void unregister(ConcurrentHashMap<String, CopyOnWriteArrayList<RealSubscription>> index, String key,
      RealSubscription sub) {
    index.computeIfPresent(key, (k, list) -> {
      if (list.remove(sub)) {
        listeners.decrementAndGet();
      }
      return list.isEmpty() ? null : list;
    });
  }

  @Override
  public JobSnapshot cancel(String id, String reason) {
    Objects.requireNonNull(id, "id");
    Limits.checkLength("cancel reason", reason, Limits.MAX_REASON_LENGTH);
    RealJob job = live.get(id);
    if (job != null) {
      return job.requestCancel(reason);
    }
    JobSnapshot stored = store.find(id).orElseThrow(() -> new JobNotFoundException(id));
    if (stored.isFinished()) {
      throw new JobEndedException("job " + id + " has already ended as " + stored.status().wireName());
    }
    // Not live here: its worker (if any) runs elsewhere and learns of the request through the store.
    JobSnapshot requested = store.requestCancel(id, reason, now()).orElseThrow(() -> new JobNotFoundException(id));
    announce(List.of(requested));
    remote.publish(JobEventType.CANCEL_REQUESTED, requested);
    return requested;
  }

  @Override
  public AccessPolicy accessPolicy() {
    return settings.accessPolicy();
  }

  // ---- write-behind and housekeeping ----

  @Override
  public void flush() {
    writePending();
  }

  /** Writes every live job whose state is newer than what the store has, in one batch; false if the store failed. */
  private boolean writePending() {
    synchronized (flushLock) {
      List<RealJob> jobs = new ArrayList<>();
      List<JobSnapshot> batch = new ArrayList<>();
      for (RealJob job : live.values()) {
        JobSnapshot snap = job.current();
        if (snap.version() > job.persistedVersion()) {
          jobs.add(job);
          batch.add(snap);
          if (batch.size() == FLUSH_CHUNK && !writeChunk(jobs, batch)) {
            return false;
          }
        }
      }
      return batch.isEmpty() || writeChunk(jobs, batch);
    }
  }

  /**
   * Writes one chunk of a flush and empties it. A flush of many jobs goes out in chunks, each its own write (and, on
   * a cluster, its own notice), so the first jobs reach the store and other nodes without waiting for the last.
   */
  private boolean writeChunk(List<RealJob> jobs, List<JobSnapshot> batch) {
    try {
      store.update(batch.stream().map(JobWrite::first).toList());
    } catch (RuntimeException e) {
      LOG.warn("could not write {} jobs to the store; they stay in memory and are retried", batch.size(), e);
      return false;
    }
    for (int i = 0; i < jobs.size(); i++) {
      jobs.get(i).markPersisted(batch.get(i));
    }
    announce(batch);
    jobs.clear();
    batch.clear();
    return true;
  }

  private void housekeeping() {
    try {
      Instant now = now();
      for (RealJob job : live.values()) {
        job.checkStall(now, settings.stallAfter());
      }
      if (!now.isBefore(nextFlush)) {
        boolean written = writePending();
        failedFlushes = written ? 0 : failedFlushes + 1;
        nextFlush = now.plus(flushBackoff(failedFlushes));
      }
      for (RealJob job : live.values()) {
        if (job.evictable(now, settings.keepCompleted(), settings.keepFailed())) {
          live.remove(job.id(), job);
        }
      }
      if (!now.isBefore(nextHeartbeat)) {
        nextHeartbeat = now.plus(settings.heartbeatInterval());
        heartbeat(now);
        sweep(now);
      }
      remote.prune(now, settings.keepFailed());
      if (!now.isBefore(nextRetention)) {
        nextRetention = now.plus(RETENTION_EVERY);
        int deleted = store.deleteEndedBefore(now.minus(settings.retention()), RETENTION_BATCH);
        if (deleted > 0) {
          LOG.debug("deleted {} jobs that ended before the retention of {}", deleted, settings.retention());
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("housekeeping failed; it runs again in {}", settings.flushInterval(), e);
    }
  }

  /** After n failed flushes in a row, wait interval × 2^n (at most {@link #MAX_FLUSH_BACKOFF}) before the next. */
  private Duration flushBackoff(int failures) {
    Duration interval = settings.flushInterval();
    if (failures == 0) {
      return Duration.ZERO;
    }
    Duration backoff = interval.multipliedBy(1L << Math.min(failures, 20));
    return backoff.compareTo(MAX_FLUSH_BACKOFF) > 0 ? MAX_FLUSH_BACKOFF : backoff;
  }

  /**
   * Tells the store that this node's active jobs are alive. A job written within the last interval is left out:
   * the write was its sign of life, and a busy node adds no statements for it.
   */
  private void heartbeat(Instant now) {
    Instant quietSince = now.minus(settings.heartbeatInterval());
    List<String> active = new ArrayList<>();
    for (RealJob job : live.values()) {
      if (!job.status().isTerminal() && job.silentSince(quietSince)) {
        active.add(job.id());
      }
    }
    if (!active.isEmpty()) {
      store.heartbeat(nodeId, active);
    }
  }

  /**
   * Ends active jobs whose node stopped giving signs of life. The store's compare-and-set lets exactly one of
   * several sweeping nodes end each job; only that node announces it.
   */
  private void sweep(Instant now) {
    List<JobWrite> endings = new ArrayList<>();
    for (StoredJob stale : store.findStale(settings.staleAfter(), SWEEP_BATCH)) {
      if (!live.containsKey(stale.state().id())) {
        endings.add(new JobWrite(Abandoned.end(stale.state(), now), stale.epoch()));
      }
    }
    if (endings.isEmpty()) {
      return;
    }
    for (JobSnapshot ended : store.takeOver(nodeId, settings.staleAfter(), endings)) {
      LOG.info("job {} ({}) stopped getting signs of life from its node; ended it {}", ended.id(), ended.type(),
          ended.status().wireName());
      announce(List.of(ended));
      remote.publish(JobEventType.endedAs(ended.status()), ended);
    }
  }

  /**
   * Writes a status change before the worker's call returns, retrying a refusing store for up to
   * {@code statusWriteTimeout}; then throws, and the change stays queued for the flusher.
   */
  void persist(RealJob job, JobSnapshot snap) {
    long deadline = System.nanoTime() + settings.statusWriteTimeout().toNanos();
    long pauseMs = 10;
    while (true) {
      try {
        store.update(List.of(JobWrite.first(snap)));
        job.markPersisted(snap);
        announce(List.of(snap));
        return;
      } catch (RuntimeException e) {
        long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (leftMs <= 0) {
          throw new HeadwayException("job " + job.id() + " is " + snap.status().wireName() + " in memory, but the"
              + " store did not accept it within " + settings.statusWriteTimeout() + "; it stays queued and is"
              + " written when the store is back", e);
        }
        pause(Math.min(pauseMs, leftMs));
        pauseMs = Math.min(pauseMs * 2, 1000);
      }
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HeadwayException("interrupted while waiting for the store", e);
    }
  }

  void jobEnded(RealJob job) {
    if (job.status() == JobStatus.COMPLETED) {
      histories.remove(job.type());
    }
  }

  // ---- cluster ----

  /** Tells the other nodes which jobs this node just wrote; a failing bus costs them a prompt update, no more. */
  private void announce(List<JobSnapshot> written) {
    if (bus == ClusterBus.inProcess()) {
      return;
    }
    List<ChangeNotice> notices = new ArrayList<>(written.size());
    for (JobSnapshot snap : written) {
      notices.add(new ChangeNotice(nodeId, snap.id(), snap.version()));
    }
    try {
      bus.publish(notices);
    } catch (RuntimeException e) {
      LOG.warn("the cluster bus {} could not announce {} written jobs", bus, notices.size(), e);
    }
  }

  RealJob liveJob(String id) {
    return live.get(id);
  }

  /** Returns whether a subscriber here may want a job's changes: one follows it by id, or follows a filter. */
  boolean follows(String id) {
    return byJob.containsKey(id) || !byOwner.isEmpty() || !unindexed.isEmpty();
  }

  /** Returns the jobs to re-read after the bus lost notices: those followed by id, and the active live ones. */
  Set<String> followedIds() {
    Set<String> ids = new HashSet<>(byJob.keySet());
    for (RealJob job : live.values()) {
      if (!job.status().isTerminal()) {
        ids.add(job.id());
      }
    }
    return ids;
  }

  /** Returns the owners whose jobs a subscriber here follows through an owner filter. */
  Set<String> followedOwners() {
    return Set.copyOf(byOwner.keySet());
  }

  // ---- events ----

  boolean hasListeners() {
    return listeners.get() > 0;
  }

  void publish(JobEventType type, JobSnapshot snap) {
    if (!hasListeners()) {
      return;
    }
    JobEvent event = new JobEvent(type, snap);
    offerAll(byJob.get(snap.id()), event);
    offerAll(byOwner.get(snap.owner()), event);
    offerAll(unindexed, event);
  }

  private static void offerAll(List<RealSubscription> subs, JobEvent event) {
    if (subs != null) {
      for (RealSubscription sub : subs) {
        if (sub.matches(event)) {
          sub.offer(event);
        }
      }
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

  EtaEstimator.JobEstimate beginEstimate(String type) {
    try {
      Instant now = now();
      History history = histories.get(type);
      if (history == null || now.isAfter(history.loadedAt().plus(HISTORY_TTL))) {
        history = new History(store.recentRuns(type, HISTORY_RUNS), now);
        histories.put(type, history);
      }
      return settings.etaEstimator().begin(history.runs());
    } catch (RuntimeException e) {
      LOG.warn("ETA estimator could not start for a job of type {}; it shows no ETA", type, e);
      return null;
    }
  }

  Eta estimate(EtaEstimator.JobEstimate estimate, JobSnapshot snap, Instant now) {
    try {
      return estimate.estimate(snap, now);
    } catch (RuntimeException e) {
      LOG.warn("ETA estimator threw for job {}; it shows no ETA this time", snap.id(), e);
      return null;
    }
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

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    housekeeping.cancel(false);
    writePending();
    try {
      bus.close();
    } catch (RuntimeException e) {
      LOG.warn("the cluster bus {} did not close cleanly", bus, e);
    }
    if (ownsScheduler) {
      scheduler.shutdownNow();
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
