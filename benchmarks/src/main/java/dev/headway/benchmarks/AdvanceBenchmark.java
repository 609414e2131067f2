package dev.headway.benchmarks;

import dev.headway.Job;
import dev.headway.JobSpec;
import dev.headway.ProgressTracker;
import dev.headway.Subscription;
import dev.headway.micrometer.HeadwayMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of the worker's hot path, {@code job.advance(1)} on a running job, with 0, 1 and 100 subscribers, with and
 * without Micrometer meters, on one and two threads. {@link CounterBaseline} is the floor it is compared with in the same run.
 *
 * <p>Subscribers do no work beyond consuming the event; they run on the tracker's own listener threads, so on a
 * 2-core machine their work competes with the worker for CPU and shows up in the figures.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AdvanceBenchmark {

  @Param({"0", "1", "100"})
  public int subscribers;

  /** With Micrometer meters observing the tracker (a SimpleMeterRegistry), which must cost {@code advance} nothing. */
  @Param({"false", "true"})
  public boolean metrics;

  private ProgressTracker tracker;
  private Job job;
  private final List<Subscription> subscriptions = new ArrayList<>();

  @Setup(Level.Trial)
  public void setUp(Blackhole blackhole) {
    ProgressTracker.Builder builder = ProgressTracker.builder();
    if (metrics) {
      HeadwayMetrics meters = HeadwayMetrics.builder().build();
      meters.bindTo(new SimpleMeterRegistry());
      builder.observer(meters);
    }
    tracker = builder.build();
    job = tracker.start(JobSpec.builder("benchmark", "bench").build());
    for (int i = 0; i < subscribers; i++) {
      subscriptions.add(tracker.subscribe(job.id(), blackhole::consume));
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    subscriptions.forEach(Subscription::close);
    job.complete();
    tracker.close();
  }

  @Benchmark
  @Threads(1)
  public void advance1Thread() {
    job.advance(1);
  }

  @Benchmark
  @Threads(2)
  public void advance2Threads() {
    job.advance(1);
  }
}
