package dev.headway.sse;

import static dev.headway.internal.BuilderChecks.once;
import static dev.headway.internal.BuilderChecks.orDefault;
import static dev.headway.internal.BuilderChecks.positive;

import dev.headway.JobFilter;
import dev.headway.ProgressTracker;
import dev.headway.internal.DaemonThreads;
import dev.headway.sse.internal.RequestHandler;
import dev.headway.sse.internal.Settings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoints over a {@link ProgressTracker}: SSE streams, polling and cancel, for the browser client
 * {@code headway.js} or any HTTP client. Build once, then mount with {@link JobServlet} in a servlet container or
 * {@link JobHttpHandler} in the JDK's HttpServer; both serve the same endpoints from one core.
 *
 * <pre>{@code
 * JobEndpoints endpoints = JobEndpoints.builder(tracker)
 *     .principal(request -> request.header("X-User"))
 *     .build();
 * context.addServlet(new ServletHolder(JobServlet.of(endpoints)), "/headway/*");   // Jetty, async supported
 * }</pre>
 *
 * <p>Endpoints, relative to where they are mounted: {@code GET /jobs/{id}} (ETag, long-poll with
 * {@code ?after=&waitMs=}), {@code GET /jobs/{id}/events} (SSE), {@code GET /events} (SSE of all the caller's
 * jobs), {@code GET /jobs?status=active|finished|all&type=&parent=&limit=}, {@code POST /jobs/{id}/cancel?reason=},
 * {@code POST /jobs/{id}/retry}, {@code GET /jobs/{id}/log?after=}, {@code GET /stats?type=&since=}, and
 * {@code GET /headway.js}. A job the caller may not read answers exactly like one that does not exist. Streams
 * carry a job's new log lines as {@code log} events without an id.
 *
 * <p>Thread-safe. {@link #close()} ends the open streams and stops the threads the endpoints created.
 */
public final class JobEndpoints implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobEndpoints.class);

  private final RequestHandler handler;
  private final ScheduledFuture<?> heartbeats;
  private final List<ExecutorService> owned;

  private JobEndpoints(Settings settings, List<ExecutorService> owned) {
    this.handler = new RequestHandler(settings);
    this.owned = owned;
    long every = settings.heartbeatInterval().toMillis();
    this.heartbeats = settings.scheduler().scheduleAtFixedRate(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Starts a builder.
   *
   * @param tracker the tracker to show; the endpoints do not close it
   * @return a builder with the defaults described on each setting
   */
  public static Builder builder(ProgressTracker tracker) {
    return new Builder(Objects.requireNonNull(tracker, "tracker"));
  }

  /**
   * Returns how many event streams are open.
   *
   * @return the count
   */
  public int openStreams() {
    return handler.openStreams();
  }

  /**
   * Returns how many streams so far were opened by a reconnect: the client sent the last event id it had
   * ({@code Last-Event-ID} or {@code ?lastEventId=}). Many of them mean connections that keep dropping.
   *
   * @return the count since the endpoints were built
   */
  public long resumedStreams() {
    return handler.resumedStreams();
  }

  /** Ends every open stream and stops the threads these endpoints created. Idempotent. */
  @Override
  public void close() {
    heartbeats.cancel(false);
    handler.closeStreams();
    for (ExecutorService service : owned) {
      service.shutdown();
    }
  }

  RequestHandler handler() {
    return handler;
  }

  private void heartbeat() {
    try {
      handler.heartbeat();
    } catch (RuntimeException e) {
      // A periodic task that throws is never run again: keep the heartbeats going.
      LOG.warn("heartbeat failed", e);
    }
  }

  /** Configures {@link JobEndpoints}. Each setting may be given once; not thread-safe. */
  public static final class Builder {
    private final ProgressTracker tracker;
    private Function<RequestView, String> principal;
    private Function<String, JobFilter> jobScope;
    private Duration heartbeatInterval;
    private Duration retry;
    private Duration progressInterval;
    private Integer maxStreamsPerPrincipal;
    private Integer maxStreams;
    private Duration maxWait;
    private Clock clock;
    private ScheduledExecutorService scheduler;
    private Executor executor;

    private Builder(ProgressTracker tracker) {
      this.tracker = tracker;
    }

    /**
     * Tells the endpoints who the caller is, for example from an authenticated header, a session cookie or the
     * container's session (see {@link RequestView}). The tracker's access policy then decides what they see.
     * Required.
     *
     * @param principal returns the caller's principal id, or null for an anonymous caller; called on the server's
     *     request thread, so it may read the container's session
     * @return this builder
     */
    public Builder principal(Function<RequestView, String> principal) {
      this.principal = once(this.principal, principal, "principal");
      return this;
    }

    /**
     * Sets which jobs {@code GET /jobs} and {@code GET /events} look through for a caller; each job is still
     * checked with the access policy. Default: the caller's own jobs ({@link JobFilter#owner}), and none for an
     * anonymous caller. Widen it when the access policy lets people see others' jobs, for example
     * {@code p -> JobFilter.all().withTenant(tenantOf(p))}.
     *
     * @param scope returns the filter for a principal (null when anonymous), or null for no jobs at all; a status
     *     selection in it is ignored
     * @return this builder
     */
    public Builder jobScope(Function<String, JobFilter> scope) {
      this.jobScope = once(this.jobScope, scope, "jobScope");
      return this;
    }

    /**
     * Sets how often each open stream gets a comment, so proxies keep idle streams open and dead clients are
     * noticed (a write that has been stuck for a whole interval breaks the connection). Default: 15 s.
     *
     * @param interval a positive duration
     * @return this builder
     */
    public Builder heartbeatInterval(Duration interval) {
      this.heartbeatInterval = once(this.heartbeatInterval, positive("heartbeatInterval", interval),
          "heartbeatInterval");
      return this;
    }

    /**
     * Sets the reconnection delay hinted to clients ({@code retry:}); each stream adds a random part of up to as
     * much again, so a restart does not bring every client back at once. Default: 3 s (so 3–6 s).
     *
     * @param retry a positive duration
     * @return this builder
     */
    public Builder retry(Duration retry) {
      this.retry = once(this.retry, positive("retry", retry), "retry");
      return this;
    }

    /**
     * Sets the least time between two {@code progress} events of one job on one stream; progress in between is
     * merged into the next one. Status, step and terminal events are never held back. Default: 100 ms (at most
     * 10 per second).
     *
     * @param interval zero (no limit) or more
     * @return this builder
     */
    public Builder progressInterval(Duration interval) {
      Objects.requireNonNull(interval, "progressInterval");
      if (interval.isNegative()) {
        throw new IllegalArgumentException("progressInterval must not be negative, was " + interval);
      }
      this.progressInterval = once(this.progressInterval, interval, "progressInterval");
      return this;
    }

    /**
     * Sets how many streams and waiting long-polls one principal may hold; one more is refused with {@code 429}.
     * Anonymous callers share one count. A stream opened with a client token ({@code GET /events?client=}) takes
     * the place of the caller's stream with the same token, so a browser that reconnects or reloads never piles
     * up streams. Default: 20.
     *
     * @param max at least 1
     * @return this builder
     */
    public Builder maxStreamsPerPrincipal(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxStreamsPerPrincipal must be at least 1, was " + max);
      }
      this.maxStreamsPerPrincipal = once(this.maxStreamsPerPrincipal, max, "maxStreamsPerPrincipal");
      return this;
    }

    /**
     * Sets how many streams and waiting long-polls the endpoints hold in all, whoever the callers are; one more is
     * refused with {@code 503} and {@code Retry-After}. Each costs a connection (a file descriptor) and a few KB
     * (see the README). Default: 10,000.
     *
     * @param max at least 1
     * @return this builder
     */
    public Builder maxStreams(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxStreams must be at least 1, was " + max);
      }
      this.maxStreams = once(this.maxStreams, max, "maxStreams");
      return this;
    }

    /**
     * Sets the longest a long-poll ({@code GET /jobs/{id}?after=&waitMs=}) waits, whatever the client asks.
     * Default: 30 s.
     *
     * @param maxWait a positive duration
     * @return this builder
     */
    public Builder maxWait(Duration maxWait) {
      this.maxWait = once(this.maxWait, positive("maxWait", maxWait), "maxWait");
      return this;
    }

    /**
     * Sets the clock for rate limits and stall checks. Default: {@link Clock#systemUTC()}.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = once(this.clock, clock, "clock");
      return this;
    }

    /**
     * Sets the scheduler for heartbeats, delayed progress and long-poll timeouts. Default: one daemon thread the
     * endpoints own.
     *
     * @param scheduler the scheduler; the endpoints do not shut it down
     * @return this builder
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = once(this.scheduler, scheduler, "scheduler");
      return this;
    }

    /**
     * Sets the executor that writes to streams whose writes block, writes heartbeats and delayed progress, and
     * answers long-polls. A servlet container's writes never block, so an event is written to its streams at once on
     * the tracker's listener thread that delivers it (one delivery per job, however many streams show the job); the
     * JDK server's writes do block, so there every write runs here, and a client that stops reading holds one of
     * these threads until the heartbeat breaks its connection. Default: a fixed pool of
     * max(16, 8 × cores) daemon threads the endpoints own, so their thread count does not grow with streams (pass
     * virtual threads on Java 21+ if you like).
     *
     * @param executor the executor; the endpoints do not shut it down
     * @return this builder
     */
    public Builder executor(Executor executor) {
      this.executor = once(this.executor, executor, "executor");
      return this;
    }

    /**
     * Builds the endpoints and starts the heartbeat.
     *
     * @return the endpoints
     * @throws IllegalStateException if no {@link #principal} function was given
     */
    public JobEndpoints build() {
      if (principal == null) {
        throw new IllegalStateException("principal(...) is required: tell the endpoints who the caller is");
      }
      List<ExecutorService> owned = new ArrayList<>();
      ScheduledExecutorService s = scheduler;
      if (s == null) {
        s = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("headway-sse-scheduler-"));
        owned.add(s);
      }
      Executor e = executor;
      if (e == null) {
        ExecutorService pool = writerPool();
        owned.add(pool);
        e = pool;
      }
      Settings settings = new Settings(
          tracker,
          principal,
          jobScope != null ? jobScope : p -> p == null ? null : JobFilter.owner(p),
          orDefault(heartbeatInterval, Duration.ofSeconds(15)),
          orDefault(retry, Duration.ofSeconds(3)),
          orDefault(progressInterval, Duration.ofMillis(100)),
          maxStreamsPerPrincipal != null ? maxStreamsPerPrincipal : 20,
          maxStreams != null ? maxStreams : 10_000,
          orDefault(maxWait, Duration.ofSeconds(30)),
          clock != null ? clock : Clock.systemUTC(),
          s,
          e);
      return new JobEndpoints(settings, owned);
    }

    /** The default writer: a fixed number of threads; each stream queues at most one drain at a time. */
    private static ExecutorService writerPool() {
      int threads = Math.max(16, 8 * Runtime.getRuntime().availableProcessors());
      ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(), new DaemonThreads("headway-sse-writer-"));
      pool.allowCoreThreadTimeOut(true);
      return pool;
    }
  }
}
