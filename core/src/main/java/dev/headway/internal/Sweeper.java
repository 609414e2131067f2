package dev.headway.internal;

import dev.headway.ChildCounts;
import dev.headway.JobFilter;
import dev.headway.JobSnapshot;
import dev.headway.spi.JobStore;
import dev.headway.spi.JobWrite;
import dev.headway.spi.StoredJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends jobs whose node stopped giving signs of life, judged by the store's clock: in batches of
 * {@value #BATCH}, each one query and one take-over, as many batches as there are stale jobs (up to
 * {@value #MAX_ROUNDS} per sweep), so ten thousand dead jobs end in one sweep rather than one hundred per heartbeat.
 * The store's compare-and-set lets exactly one of several sweeping nodes end each job.
 */
final class Sweeper {
  private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);
  static final int BATCH = 1000;
  static final int MAX_ROUNDS = 100;

  private final JobStore store;
  private final String nodeId;
  private final Duration staleAfter;
  private final Predicate<String> runsHere;
  private final Consumer<List<JobSnapshot>> onEnded;

  /**
   * @param runsHere whether a job is live on this node: it is alive, whatever the store shows
   * @param onEnded told of the jobs this node ended
   */
  Sweeper(JobStore store, String nodeId, Duration staleAfter, Predicate<String> runsHere,
      Consumer<List<JobSnapshot>> onEnded) {
    this.store = store;
    this.nodeId = nodeId;
    this.staleAfter = staleAfter;
    this.runsHere = runsHere;
    this.onEnded = onEnded;
  }

  /** Ends every stale job it can; returns how many. */
  int sweep(Instant now) {
    int total = 0;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      List<StoredJob> stale = store.findStale(staleAfter, BATCH);
      List<JobWrite> endings = endings(stale, now);
      if (endings.isEmpty()) {
        return total;
      }
      List<JobSnapshot> ended = store.takeOver(nodeId, staleAfter, endings);
      for (JobSnapshot job : ended) {
        LOG.info("job {} ({}) stopped getting signs of life from its node; ended it {}", job.id(), job.type(),
            job.status().wireName());
      }
      total += ended.size();
      onEnded.accept(ended);
      if (stale.size() < BATCH || ended.isEmpty()) {
        return total;
      }
    }
    return total;
  }

  /**
   * The ends of the stale jobs not live here; a parent's counts are its children's as they will be stored, so a
   * swept parent never shows children running that were swept with it.
   */
  private List<JobWrite> endings(List<StoredJob> stale, Instant now) {
    Map<String, JobSnapshot> ends = new HashMap<>();
    List<StoredJob> parents = new ArrayList<>();
    List<JobWrite> endings = new ArrayList<>();
    for (StoredJob job : stale) {
      if (runsHere.test(job.state().id())) {
        continue;
      }
      if (job.state().children() != null) {
        parents.add(job);
      } else {
        JobSnapshot end = Abandoned.end(job.state(), now);
        ends.put(end.id(), end);
        endings.add(new JobWrite(end, job.epoch()));
      }
    }
    for (StoredJob parent : parents) {
      JobSnapshot state = parent.state();
      ChildCounts counts = childCounts(state, ends);
      JobSnapshot end = Abandoned.end(state.toBuilder().children(counts).build(), now);
      endings.add(new JobWrite(end, parent.epoch()));
    }
    return endings;
  }

  private ChildCounts childCounts(JobSnapshot parent, Map<String, JobSnapshot> ends) {
    ChildTally tally = new ChildTally();
    List<JobSnapshot> children = store.list(JobFilter.all().withParent(parent.id()).withLimit(JobFilter.MAX_LIMIT));
    for (JobSnapshot stored : children) {
      tally.add(ends.getOrDefault(stored.id(), stored).status());
    }
    return tally.counts(Math.max(parent.children().total(), children.size()));
  }
}
