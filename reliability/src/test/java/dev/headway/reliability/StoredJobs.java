package dev.headway.reliability;

import dev.headway.JobFilter;
import dev.headway.JobSnapshot;
import dev.headway.spi.JobStore;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Questions the fault tests ask of the store's rows, the truth every node and user sees. */
final class StoredJobs {
  /** The error a sweeper writes when it ends a job whose node stopped responding. */
  static final String SWEPT_ERROR = "worker stopped responding";

  private StoredJobs() {}

  /** The active (queued or running) jobs, at most {@link JobFilter#MAX_LIMIT}. */
  static List<JobSnapshot> active(JobStore store) {
    return store.list(JobFilter.all().active().withLimit(JobFilter.MAX_LIMIT));
  }

  /** How many exclusive keys are held by more than one active job. */
  static int keysHeldTwice(JobStore store) {
    Map<String, Long> holders = active(store).stream()
        .filter(job -> job.attributes().containsKey(Keys.ATTRIBUTE))
        .collect(Collectors.groupingBy(job -> job.attributes().get(Keys.ATTRIBUTE), Collectors.counting()));
    return (int) holders.values().stream().filter(count -> count > 1).count();
  }

  /** Whether a job was ended by a sweeper. */
  static boolean wasSwept(JobSnapshot job) {
    return job.error() != null && job.error().message() != null && job.error().message().contains(SWEPT_ERROR);
  }
}
