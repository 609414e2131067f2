package dev.headway.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor for {@link AdvanceBenchmark}: one shared {@link AtomicLong} increment, the least any thread-safe
 * progress counter can cost, measured in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CounterBaseline {
  private final AtomicLong counter = new AtomicLong();

  @Benchmark
  @Threads(1)
  public long atomicIncrement1Thread() {
    return counter.incrementAndGet();
  }

  @Benchmark
  @Threads(2)
  public long atomicIncrement2Threads() {
    return counter.incrementAndGet();
  }
}
