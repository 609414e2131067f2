package dev.headway.benchmarks.streams;

import dev.headway.Job;
import dev.headway.JobEvent;
import dev.headway.JobFilter;
import dev.headway.JobSnapshot;
import dev.headway.JobSpec;
import dev.headway.ProgressTracker;
import dev.headway.Subscription;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Recorder;

/**
 * Same-node delivery: how long a state takes from a worker's update to a subscriber in the same JVM, with no
 * network in the path. A default tracker (in-memory store) runs {@code --jobs} jobs, each advanced {@code --rate}
 * times a second ({@link JobUpdater}); subscribers record, for every state they see, receive time − time of the
 * update that made it (an update merged into a later one is counted once, as that later state).
 *
 * <p>Two shapes, one after the other on the same tracker: one subscriber to the owner's jobs (a dashboard), then
 * one subscription per job (what per-job pages make). Prints one Markdown row per shape.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.headway.benchmarks.streams.SubscriberLatencyLoad
 * </pre>
 */
public final class SubscriberLatencyLoad {
  private static final String USAGE = """
      usage: java -cp benchmarks/target/benchmarks.jar dev.headway.benchmarks.streams.SubscriberLatencyLoad [options]
        --jobs N              running jobs                                                    [10000]
        --rate N              updates per second per job                                      [1]
        --workers N           worker threads making the updates                               [2]
        --seconds N           measuring window per shape                                      [20]
        --warmup-seconds N    before each window                                              [5]
      """;
  private static final String OWNER = "load";
  /** Updates a job may get in a run; the time of each is kept by (job, value). */
  private static final int MAX_UPDATES = 1 << 12;

  private final int jobs;
  private final AtomicLongArray updatedAt;
  private final Recorder latency = new Recorder(TimeUnit.SECONDS.toMicros(60), 3);
  private final Map<String, Integer> index = new HashMap<>();

  private SubscriberLatencyLoad(int jobs) {
    this.jobs = jobs;
    this.updatedAt = new AtomicLongArray(jobs * MAX_UPDATES);
  }

  /**
   * Runs both shapes and prints their rows.
   *
   * @param args see {@code --help}
   */
  public static void main(String[] args) {
    Args options = Args.parse(args, USAGE);
    int jobs = options.integer("--jobs", 10_000, 1);
    int rate = options.integer("--rate", 1, 1);
    int workers = options.integer("--workers", 2, 1);
    long seconds = options.integer("--seconds", 20, 1);
    long warmup = options.integer("--warmup-seconds", 5, 0);
    if ((long) rate * (seconds * 2 + warmup * 2 + 10) >= MAX_UPDATES) {
      throw new IllegalArgumentException("rate × run time must stay under " + MAX_UPDATES + " updates per job");
    }
    new SubscriberLatencyLoad(jobs).run(rate, workers, seconds, warmup);
  }

  private void run(int rate, int workers, long seconds, long warmup) {
    ProcessStats stats = new ProcessStats();
    try (ProgressTracker tracker = ProgressTracker.builder().build()) {
      Job[] running = new Job[jobs];
      for (int i = 0; i < jobs; i++) {
        running[i] = tracker.start(JobSpec.builder("load", OWNER).total(MAX_UPDATES).build());
        index.put(running[i].id(), i);
      }
      System.out.printf(Locale.ROOT, "%d jobs x %d updates/s, %d s measured after %d s warm-up per shape, "
          + "load average at start %s%n%n| subscribers | states seen/s | p50 | p90 | p99 | max | process CPU | "
          + "load avg 1 min |%n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |%n", jobs, rate, seconds, warmup,
          ProcessStats.loadAverage());
      JobUpdater updater = new JobUpdater(jobs, rate, workers, i -> update(running[i], i));
      try {
        List<Subscription> one = List.of(tracker.subscribe(JobFilter.owner(OWNER), this::observe));
        System.out.println(measure("1 (owner filter)", one, stats, seconds, warmup));
        List<Subscription> perJob = new ArrayList<>();
        for (Job job : running) {
          perJob.add(tracker.subscribe(job.id(), this::observe));
        }
        System.out.println(measure(String.format(Locale.ROOT, "%,d (one per job)", jobs), perJob, stats, seconds,
            warmup));
      } finally {
        updater.close();
      }
    }
  }

  /** Notes the update's time before making it, so a subscriber never sees a state older than its record. */
  private void update(Job job, int i) {
    long done = job.snapshot().done() + 1;
    updatedAt.set(i * MAX_UPDATES + (int) done, System.nanoTime());
    job.advance(1);
  }

  private void observe(JobEvent event) {
    JobSnapshot job = event.job();
    Integer i = index.get(job.id());
    long done = job.done();
    if (i == null || done <= 0 || done >= MAX_UPDATES) {
      return;
    }
    long at = updatedAt.get(i * MAX_UPDATES + (int) done);
    if (at != 0) {
      latency.recordValue(Math.max(0, (System.nanoTime() - at) / 1000));
    }
  }

  private String measure(String name, List<Subscription> subscriptions, ProcessStats stats, long seconds,
      long warmup) {
    LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(warmup));
    latency.reset();
    stats.mark();
    long start = System.nanoTime();
    LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(seconds));
    var window = latency.getIntervalHistogram();
    double cores = stats.cores();
    double elapsed = (System.nanoTime() - start) / 1e9;
    subscriptions.forEach(Subscription::close);
    return String.format(Locale.ROOT, "| %s | %,.0f | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.2f | %s |", name,
        window.getTotalCount() / elapsed, window.getValueAtPercentile(50) / 1000.0,
        window.getValueAtPercentile(90) / 1000.0, window.getValueAtPercentile(99) / 1000.0,
        window.getMaxValue() / 1000.0, cores, ProcessStats.loadAverage().split(" ")[0]);
  }
}
