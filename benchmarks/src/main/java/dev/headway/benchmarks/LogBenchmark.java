package dev.headway.benchmarks;

import dev.headway.Job;
import dev.headway.JobSpec;
import dev.headway.ProgressTracker;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of {@code job.log(line)} on a running step, written behind to the in-memory store every 200 ms, against
 * the least a bounded, thread-safe in-memory log can cost: a 500-line ring of strings under a lock, measured in the
 * same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LogBenchmark {
  private static final String LINE = "Fetched source 12 of 40: https://example.org/solar-power/12 (2,314 words)";

  private ProgressTracker tracker;
  private Job job;
  private final ArrayDeque<String> ring = new ArrayDeque<>();

  @Setup(Level.Trial)
  public void setUp() {
    tracker = ProgressTracker.builder().build();
    job = tracker.start(JobSpec.builder("benchmark", "bench").step("research", 1).build());
    job.startStep("research");
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    job.complete();
    tracker.close();
  }

  @Benchmark
  @Threads(1)
  public void log1Thread() {
    job.log(LINE);
  }

  @Benchmark
  @Threads(2)
  public void log2Threads() {
    job.log(LINE);
  }

  @Benchmark
  @Threads(1)
  public void ringBaseline1Thread() {
    addToRing();
  }

  @Benchmark
  @Threads(2)
  public void ringBaseline2Threads() {
    addToRing();
  }

  private void addToRing() {
    synchronized (ring) {
      ring.addLast(LINE);
      if (ring.size() > 500) {
        ring.removeFirst();
      }
    }
  }
}
