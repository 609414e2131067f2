package dev.headway.internal;

import dev.headway.spi.JobRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What earlier runs of a job type say about the next one: median durations in all and per step, and how much runs
 * vary (the spread of their durations, as the log of a ratio), which is how far history alone is expected to be off.
 *
 * @param totalMs median duration of a whole run, or 0 without history
 * @param stepMs median duration per step name, over the runs that have that step
 * @param spread robust standard deviation of the log of run durations; {@link #UNKNOWN_SPREAD} with fewer than
 *     {@link #MIN_RUNS} runs
 */
record RunHistory(double totalMs, Map<String, Double> stepMs, double spread) {
  /** Fewer runs than this cannot tell how much runs vary. */
  static final int MIN_RUNS = 3;
  /** How much runs are assumed to vary until there are enough of them to tell (the log of a ratio). */
  static final double UNKNOWN_SPREAD = 0.25;

  /** Reads the runs; null or empty gives an empty history. */
  static RunHistory of(List<JobRun> runs) {
    List<Double> totals = new ArrayList<>();
    Map<String, List<Double>> steps = new HashMap<>();
    for (JobRun run : runs == null ? List.<JobRun>of() : runs) {
      totals.add(millis(run.duration()));
      run.steps().forEach((name, d) -> steps.computeIfAbsent(name, n -> new ArrayList<>()).add(millis(d)));
    }
    Map<String, Double> medians = new HashMap<>();
    steps.forEach((name, ds) -> medians.put(name, median(ds)));
    double total = totals.isEmpty() ? 0 : median(totals);
    List<Double> deviations = new ArrayList<>();
    for (double d : totals) {
      if (d > 0 && total > 0) {
        deviations.add(Math.abs(Math.log(d / total)));
      }
    }
    // 1.4826 × the median absolute deviation estimates a standard deviation, unmoved by one odd run.
    double spread = deviations.size() < MIN_RUNS ? UNKNOWN_SPREAD : 1.4826 * median(deviations);
    return new RunHistory(total, Map.copyOf(medians), spread);
  }

  boolean isEmpty() {
    return totalMs <= 0;
  }

  /** Whether history has a duration for every one of these steps, so the job can be foreseen step by step. */
  boolean knowsAll(List<String> names) {
    return !names.isEmpty() && stepMs.keySet().containsAll(names);
  }

  private static double millis(Duration d) {
    return Math.max(0, d.toMillis());
  }

  private static double median(List<Double> values) {
    values.sort(null);
    int n = values.size();
    return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
  }
}
