package dev.headway.benchmarks.streams;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a load process says about itself: its CPU time, its threads, its heap after a full GC, and the machine's
 * load average. CPU is reported as cores used over a window that {@link #mark()} starts, so a process that was
 * busy before the window (starting up, opening connections) is not charged for it.
 */
final class ProcessStats {
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private long markCpuNanos;
  private long markWallNanos;

  ProcessStats() {
    mark();
  }

  /** Starts a new window for {@link #cores()} and the peak thread count. */
  synchronized void mark() {
    markCpuNanos = os.getProcessCpuTime();
    markWallNanos = System.nanoTime();
    threads.resetPeakThreadCount();
  }

  /**
   * Returns the CPU this process used since {@link #mark()}, in cores (1.0 = one core busy all the time).
   *
   * @return the cores used
   */
  synchronized double cores() {
    long wall = System.nanoTime() - markWallNanos;
    return wall <= 0 ? 0 : (double) (os.getProcessCpuTime() - markCpuNanos) / wall;
  }

  /**
   * Returns the live threads of this JVM.
   *
   * @return the count
   */
  int liveThreads() {
    return threads.getThreadCount();
  }

  /**
   * Returns the live threads of this JVM whose names start with a prefix.
   *
   * @param prefix the prefix, e.g. {@code headway-} for the threads Headway made
   * @return the count
   */
  int liveThreads(String prefix) {
    int n = 0;
    for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds(), 0)) {
      if (info != null && info.getThreadName().startsWith(prefix)) {
        n++;
      }
    }
    return n;
  }

  /**
   * Returns the most threads alive at once since {@link #mark()}.
   *
   * @return the count
   */
  int peakThreads() {
    return threads.getPeakThreadCount();
  }

  /**
   * Runs a full GC and returns the heap then in use: what the live objects hold, without garbage. Only on request,
   * as the GC pauses the process it measures.
   *
   * @return megabytes in use after the GC
   */
  static double heapAfterGcMb() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
  }

  /**
   * Returns the direct (off-heap) buffer memory in use: what NIO and servers such as Jetty hold outside the heap.
   *
   * @return megabytes in use
   */
  static double directMb() {
    for (java.lang.management.BufferPoolMXBean pool
        : ManagementFactory.getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class)) {
      if (pool.getName().equals("direct")) {
        return pool.getMemoryUsed() / (1024.0 * 1024.0);
      }
    }
    return 0;
  }

  /**
   * Returns the heap in use now, garbage included; cheap.
   *
   * @return megabytes in use
   */
  static double heapUsedMb() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
  }

  /**
   * Returns how long the calling thread has waited, runnable, for a CPU since it started, as Linux's scheduler
   * counts it ({@code /proc/thread-self/schedstat}, second field). It tells a thread that is starved of CPU from one
   * that has nothing to do, which CPU time alone cannot.
   *
   * @return nanoseconds spent waiting on a run queue, or -1 where it cannot be read
   */
  static long runQueueWaitNanos() {
    try {
      String[] parts = Files.readString(Path.of("/proc/thread-self/schedstat"), StandardCharsets.US_ASCII).trim()
          .split(" ");
      return Long.parseLong(parts[1]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * Returns the machine's load averages over 1, 5 and 15 minutes as Linux reports them.
   *
   * @return for example {@code "1.52 0.98 0.77"}, or {@code "?"} where {@code /proc/loadavg} cannot be read
   */
  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }
}
