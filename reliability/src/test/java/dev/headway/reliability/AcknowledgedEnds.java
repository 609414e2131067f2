package dev.headway.reliability;

import dev.headway.JobSnapshot;
import dev.headway.JobStatus;
import dev.headway.spi.JobStore;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The terminal states the workers' users were told, job by job, and how they compare with what the store keeps.
 */
final class AcknowledgedEnds {
  private final Map<String, JobStatus> told = new HashMap<>();

  /**
   * What a comparison found.
   *
   * @param missingOrActive jobs told ended whose row is missing or still queued/running: the end was lost
   * @param otherEnd jobs told ended one way whose row ended another way
   */
  record Mismatches(Set<String> missingOrActive, Set<String> otherEnd) {}

  /** Adds the acknowledged ends among a worker's lines. */
  void record(List<WorkerLine> lines) {
    for (WorkerLine line : lines) {
      line.acknowledgedEnd().ifPresent(status -> told.put(line.jobId(), status));
    }
  }

  /** How many ends were acknowledged. */
  int size() {
    return told.size();
  }

  /** Compares every acknowledged end with the store. */
  Mismatches compareWith(JobStore store) {
    Map<String, JobSnapshot> stored = new HashMap<>();
    for (JobSnapshot job : store.findAll(told.keySet())) {
      stored.put(job.id(), job);
    }
    Set<String> missingOrActive = new HashSet<>();
    Set<String> otherEnd = new HashSet<>();
    told.forEach((id, status) -> {
      JobSnapshot job = stored.get(id);
      if (job == null || !job.status().isTerminal()) {
        missingOrActive.add(id);
      } else if (job.status() != status) {
        otherEnd.add(id);
      }
    });
    return new Mismatches(missingOrActive, otherEnd);
  }
}
