package dev.headway.micrometer;

import dev.headway.JobEventType;
import dev.headway.JobSnapshot;
import dev.headway.ProgressTracker;
import dev.headway.StepSnapshot;
import dev.headway.StepStatus;
import dev.headway.spi.TrackerObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters for a Headway tracker: give it to the tracker as its observer, then bind it to a registry.
 *
 * <pre>{@code
 * HeadwayMetrics metrics = HeadwayMetrics.builder().types("article", "course").build();
 * ProgressTracker tracker = ProgressTracker.builder().observer(metrics).build();
 * metrics.bindTo(registry);
 * metrics.bindTracker(registry, tracker);
 * metrics.bindStreams(registry, endpoints, JobEndpoints::openStreams, JobEndpoints::resumedStreams);
 * }</pre>
 *
 * <p>Meters: {@code headway.jobs.started} and {@code headway.jobs.ended} (counters; {@code type}, and
 * {@code outcome} = completed/failed/cancelled on ended), {@code headway.jobs.duration} (timer with a percentiles
 * histogram; {@code type}, {@code outcome}), {@code headway.jobs.active} (gauge; {@code type}),
 * {@code headway.steps.duration} (timer; {@code type}, {@code step}, {@code outcome}), {@code headway.store.flush}
 * (timer of state writes) and {@code headway.store.flush.size} (jobs per write), {@code headway.store.calls} (timer
 * of the other store calls; {@code operation}), with {@link #bindTracker} {@code headway.jobs.stalled} and
 * {@code headway.store.backlog} (gauges),
 * {@code headway.store.errors} (counter; {@code operation}), {@code headway.sweeper.ended} (counter),
 * {@code headway.bus.notices} (counter; {@code direction} = sent/received), {@code headway.bus.resyncs} (counter:
 * the bus reconnected), and with
 * {@link #bindStreams} {@code headway.streams.open} (gauge) and {@code headway.streams.resumed} (counter).
 *
 * <p>Tag values stay bounded: a job type outside {@link Builder#types the known types} counts as {@code other}
 * (without a list, the first {@link Builder#maxTypes} types seen are kept), step names are kept per type up to
 * {@link Builder#maxStepsPerType}, and ids or owners are never tags. Only this node's jobs are counted; the hot path
 * ({@code advance}, progress) is never observed. Events before {@link #bindTo} are not counted.
 */
public final class HeadwayMetrics implements TrackerObserver, MeterBinder {
  static final String OTHER = "other";

  private final TagValues types;
  private final int maxStepsPerType;
  private final Map<String, TagValues> stepsByType = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> activeByType = new ConcurrentHashMap<>();
  /** This node's active jobs and the type tag they were counted under, so each is counted down once. */
  private final Map<String, String> active = new ConcurrentHashMap<>();
  private volatile MeterRegistry registry;

  private HeadwayMetrics(Builder builder) {
    this.types = builder.types != null ? TagValues.only(builder.types) : TagValues.firstSeen(builder.maxTypes);
    this.maxStepsPerType = builder.maxStepsPerType;
  }

  /**
   * Starts a builder.
   *
   * @return a builder with the defaults described on each setting
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /**
   * Binds the stream meters of a set of endpoints (or anything that counts streams).
   *
   * @param <T> the endpoints' type
   * @param registry the registry
   * @param endpoints what counts the streams; held weakly, as Micrometer holds gauge objects
   * @param open how many streams are open now
   * @param resumed how many streams so far were reconnects that sent {@code Last-Event-ID}
   */
  public <T> void bindStreams(MeterRegistry registry, T endpoints, ToDoubleFunction<T> open,
      ToDoubleFunction<T> resumed) {
    Gauge.builder("headway.streams.open", endpoints, open).description("open event streams").register(registry);
    FunctionCounter.builder("headway.streams.resumed", endpoints, resumed)
        .description("streams opened by a reconnect that sent Last-Event-ID").register(registry);
  }

  /**
   * Binds the meters that read the tracker itself: {@code headway.jobs.stalled} (its running jobs without progress
   * for {@code stallAfter}) and {@code headway.store.backlog} (jobs with changes not yet written). Read on each
   * scrape; cheap (no store call).
   *
   * @param registry the registry
   * @param tracker the tracker this observes; held weakly, as Micrometer holds gauge objects
   */
  public void bindTracker(MeterRegistry registry, ProgressTracker tracker) {
    Gauge.builder("headway.jobs.stalled", tracker, t -> t.health().stalledJobs())
        .description("running jobs without progress for stallAfter").register(registry);
    Gauge.builder("headway.store.backlog", tracker, t -> t.health().writeBacklog())
        .description("jobs with changes not yet in the store").register(registry);
  }

  @Override
  public void jobEvent(JobEventType type, JobSnapshot job) {
    MeterRegistry r = registry;
    if (r == null) {
      return;
    }
    switch (type) {
      case JOB_CREATED, JOB_STARTED -> started(r, job);
      case STEP_COMPLETED, STEP_FAILED -> stepEnded(r, job, type == JobEventType.STEP_COMPLETED);
      case JOB_COMPLETED, JOB_FAILED, JOB_CANCELLED -> ended(r, job);
      default -> {
        // progress is never observed; step starts, skips and cancel requests have no meter
      }
    }
  }

  private void started(MeterRegistry r, JobSnapshot job) {
    String type = types.of(job.type());
    if (active.putIfAbsent(job.id(), type) != null) {
      return; // a queued job that starts now was counted when it was created
    }
    Counter.builder("headway.jobs.started").tag("type", type).register(r).increment();
    activeByType.computeIfAbsent(type, t -> {
      AtomicInteger count = new AtomicInteger();
      Gauge.builder("headway.jobs.active", count, AtomicInteger::get).tag("type", t).register(r);
      return count;
    }).incrementAndGet();
  }

  private void ended(MeterRegistry r, JobSnapshot job) {
    String type = active.remove(job.id());
    if (type != null) {
      activeByType.get(type).decrementAndGet();
    } else {
      type = types.of(job.type());
    }
    Tags tags = Tags.of("type", type, "outcome", job.status().name().toLowerCase(Locale.ROOT));
    Counter.builder("headway.jobs.ended").tags(tags).register(r).increment();
    Instant from = job.startedAt() != null ? job.startedAt() : job.createdAt();
    if (from != null && job.completedAt() != null) {
      Timer.builder("headway.jobs.duration").tags(tags).publishPercentileHistogram().register(r)
          .record(Duration.between(from, job.completedAt()));
    }
  }

  /** Times the step that just ended: the latest one ended with that outcome. */
  private void stepEnded(MeterRegistry r, JobSnapshot job, boolean completed) {
    StepStatus status = completed ? StepStatus.COMPLETED : StepStatus.FAILED;
    StepSnapshot latest = null;
    for (StepSnapshot step : job.steps()) {
      if (step.status() == status && step.startedAt() != null && step.completedAt() != null
          && (latest == null || step.completedAt().isAfter(latest.completedAt()))) {
        latest = step;
      }
    }
    if (latest == null) {
      return;
    }
    String type = types.of(job.type());
    String step = stepsByType.computeIfAbsent(type, t -> TagValues.firstSeen(maxStepsPerType)).of(latest.name());
    Timer.builder("headway.steps.duration")
        .tags("type", type, "step", step, "outcome", completed ? "completed" : "failed").register(r)
        .record(Duration.between(latest.startedAt(), latest.completedAt()));
  }

  @Override
  public void storeCall(String operation, int items, long nanos, Throwable failure) {
    MeterRegistry r = registry;
    if (r == null) {
      return;
    }
    if (failure != null) {
      Counter.builder("headway.store.errors").tag("operation", operation).register(r).increment();
      return;
    }
    if (operation.equals("update")) {
      Timer.builder("headway.store.flush").description("writes of job states: flushes and status changes")
          .register(r).record(nanos, TimeUnit.NANOSECONDS);
      DistributionSummary.builder("headway.store.flush.size").baseUnit("jobs").register(r).record(items);
      return;
    }
    Timer.builder("headway.store.calls").tag("operation", operation).register(r).record(nanos, TimeUnit.NANOSECONDS);
    if (operation.equals("takeOver") && items > 0) {
      Counter.builder("headway.sweeper.ended").description("other nodes' jobs this node's sweeper ended")
          .register(r).increment(items);
    }
  }

  @Override
  public void busNotices(boolean sent, int count) {
    MeterRegistry r = registry;
    if (r != null) {
      Counter.builder("headway.bus.notices").tag("direction", sent ? "sent" : "received")
          .description("change notices across the cluster bus").register(r).increment(count);
    }
  }

  @Override
  public void busResync() {
    MeterRegistry r = registry;
    if (r != null) {
      Counter.builder("headway.bus.resyncs").description("resyncs after the cluster bus reconnected")
          .register(r).increment();
    }
  }

  /** Configures {@link HeadwayMetrics}. Each setting may be given once. */
  public static final class Builder {
    private java.util.Set<String> types;
    private int maxTypes = 50;
    private int maxStepsPerType = 100;

    private Builder() {}

    /**
     * Names the job types that get their own tag value; any other type counts as {@code other}. Default: the
     * first {@link #maxTypes} types seen.
     *
     * @param known the types
     * @return this builder
     */
    public Builder types(String... known) {
      if (types != null) {
        throw new IllegalStateException("types was already set");
      }
      types = java.util.Set.of(known);
      return this;
    }

    /**
     * Caps the type tag's values when no {@link #types} are named: the first {@code max} types seen keep their
     * name, later ones count as {@code other}. Default: 50.
     *
     * @param max at least 1
     * @return this builder
     */
    public Builder maxTypes(int max) {
      maxTypes = atLeastOne("maxTypes", max);
      return this;
    }

    /**
     * Caps the step tag's values per type: the first {@code max} step names seen, later ones as {@code other}.
     * Default: 100, as many steps as a job may have.
     *
     * @param max at least 1
     * @return this builder
     */
    public Builder maxStepsPerType(int max) {
      maxStepsPerType = atLeastOne("maxStepsPerType", max);
      return this;
    }

    /**
     * Builds the meters' observer.
     *
     * @return the metrics, to give to the tracker's builder and bind to a registry
     */
    public HeadwayMetrics build() {
      return new HeadwayMetrics(this);
    }

    private static int atLeastOne(String name, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be at least 1, was " + value);
      }
      return value;
    }
  }
}
