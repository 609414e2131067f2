package dev.headway.benchmarks;

import dev.headway.Job;
import dev.headway.JobSnapshot;
import dev.headway.JobSpec;
import dev.headway.ProgressTracker;
import dev.headway.spi.JobStore;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One Headway run: a tracker with default settings on a store, {@code jobs} running jobs (no steps, total
 * {@code updates}), and workers calling {@code job.advance(1)} until each job has all its updates. The window
 * measured is the workers' run plus the final {@code flush()} that makes the last progress durable; then every job
 * is read back from the store to check it, completed, and the tracker closed.
 */
final class HeadwayLoad {
  private HeadwayLoad() {}

  /**
   * Runs it.
   *
   * @param database the label of the store's database
   * @param store the store; left open
   * @param counter what counts the store's statements, or null for the in-memory store
   * @param options the load
   * @param paced whether the workers are paced to last {@link LoadOptions#paceSeconds()}
   * @return the figures
   * @throws Exception if a worker failed
   */
  static LoadResult run(String database, JobStore store, StatementCounter counter, LoadOptions options,
      boolean paced) throws Exception {
    int updates = options.updates();
    ProgressTracker tracker = ProgressTracker.builder()
        .store(store)
        .flushInterval(options.flushInterval())
        .build();
    try {
      Job[] jobs = new Job[options.jobs()];
      Set<String> ids = new HashSet<>();
      for (int i = 0; i < jobs.length; i++) {
        jobs[i] = tracker.start(JobSpec.builder("load", "bench").total(updates).build());
        ids.add(jobs[i].id());
      }
      if (counter != null) {
        counter.watch(ids);
        counter.reset();
      }

      Workers.Outcome outcome = Workers.run(options.workers(), jobs.length, updates,
          paced ? options.paceNanosPerRound() : 0, 0, (job, round) -> jobs[job].advance(1));
      long flushStart = System.nanoTime();
      tracker.flush();
      long phase = outcome.wallNanos() + System.nanoTime() - flushStart;
      StatementCounter.Counts counts = counter != null ? counter.counts() : null;

      int durable = 0;
      for (Job job : jobs) {
        Optional<JobSnapshot> stored = store.find(job.id());
        if (stored.isPresent() && stored.get().done() != null && stored.get().done() == updates) {
          durable++;
        }
      }
      for (Job job : jobs) {
        job.complete();
      }
      String run = paced
          ? "Headway, paced (" + LoadOptions.seconds(options.paceSeconds()) + " s)"
          : "Headway, flat out";
      String note = String.format(Locale.ROOT, "in the store after the final flush: %d of %d jobs at done = %d",
          durable, jobs.length, updates);
      return new LoadResult(database, run, jobs.length, (long) jobs.length * updates, outcome, phase,
          options.flushInterval().toNanos(), counts, note);
    } finally {
      tracker.close();
    }
  }
}
