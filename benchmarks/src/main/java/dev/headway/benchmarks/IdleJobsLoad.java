package dev.headway.benchmarks;

import dev.headway.JobFilter;
import dev.headway.JobSpec;
import dev.headway.ProgressTracker;
import dev.headway.spi.JobStore;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * What many idle running jobs cost a tracker that does nothing else: the CPU its own threads (housekeeping and the
 * store writer) use per second of wall time, and how long the in-memory store's {@code list(owner)} takes.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.headway.benchmarks.IdleJobsLoad [jobs] [owners] [seconds] [settle]
 * </pre>
 *
 * <p>Defaults: 100,000 jobs over 1,000 owners, measured for 20 s after a 40 s settle (past {@code stallAfter}, 30 s,
 * when every idle job is marked stalled once). Jobs are started and left
 * running with no progress; the tracker runs its defaults (flush every 200 ms, heartbeat every 5 s).
 */
public final class IdleJobsLoad {
  private IdleJobsLoad() {}

  /**
   * Runs the measurement.
   *
   * @param args jobs, owners, seconds measured, seconds of settling first
   */
  public static void main(String[] args) {
    int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int owners = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    int settle = args.length > 3 ? Integer.parseInt(args[3]) : 40;
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    JobStore store = JobStore.inMemory();
    try (ProgressTracker tracker = ProgressTracker.builder().store(store).nodeId("idle").build()) {
      for (int i = 0; i < jobs; i++) {
        tracker.start(JobSpec.builder("idle", "owner-" + (i % owners)).total(100).build());
      }
      park(Duration.ofSeconds(settle));
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      Map<Long, Long> cpuBefore = headwayCpuNanos(threads);
      long wallBefore = System.nanoTime();
      park(Duration.ofSeconds(seconds));
      Map<Long, Long> cpuAfter = headwayCpuNanos(threads);
      long wall = System.nanoTime() - wallBefore;
      long used = 0;
      for (Map.Entry<Long, Long> thread : cpuAfter.entrySet()) {
        used += thread.getValue() - cpuBefore.getOrDefault(thread.getKey(), 0L);
      }
      double cores = (double) used / wall;

      long[] listNanos = new long[200];
      for (int i = 0; i < listNanos.length; i++) {
        long start = System.nanoTime();
        store.list(JobFilter.owner("owner-" + (i % owners)));
        listNanos[i] = System.nanoTime() - start;
      }
      Arrays.sort(listNanos);
      System.out.printf(Locale.ROOT, "%,d idle running jobs: Headway threads use %.4f cores; in-memory list(owner)"
          + " of %,d jobs median %.3f ms, p99 %.3f ms; load average %.2f%n", jobs, cores, jobs / owners,
          listNanos[listNanos.length / 2] / 1e6, listNanos[listNanos.length * 99 / 100] / 1e6,
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  /**
   * CPU time of each of the tracker's own threads (housekeeping, store writer, store calls, listeners), by thread
   * id: a thread that ends between two readings takes its time with it, so only deltas of the same thread count.
   */
  private static Map<Long, Long> headwayCpuNanos(ThreadMXBean threads) {
    Map<Long, Long> cpu = new HashMap<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith("headway-")) {
        long nanos = threads.getThreadCpuTime(info.getThreadId());
        if (nanos >= 0) {
          cpu.put(info.getThreadId(), nanos);
        }
      }
    }
    return cpu;
  }

  private static void park(Duration duration) {
    long deadline = System.nanoTime() + duration.toNanos();
    for (long left = duration.toNanos(); left > 0; left = deadline - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }
}
