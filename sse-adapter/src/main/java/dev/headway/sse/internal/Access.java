package dev.headway.sse.internal;

import dev.headway.JobSnapshot;
import dev.headway.ProgressTracker;
import dev.headway.internal.Policies;
import java.util.Optional;
import java.util.function.Predicate;

/** Who the caller is and what they may see, for every endpoint: the host's principal function and the policy. */
final class Access {
  /** Generated ids never hold this character, so a lookup with it misses in memory and asks the store. */
  private static final String NEVER_AN_ID = "~";
  private final Settings settings;
  private final ProgressTracker tracker;

  Access(Settings settings) {
    this.settings = settings;
    this.tracker = settings.tracker();
  }

  String principal(Exchange exchange) {
    return settings.principal().apply(exchange);
  }

  /**
   * The job, if it exists and the caller may read it. Both misses look the same to the caller, and cost the same:
   * an unknown id costs a store lookup, so a job the caller may not read costs one too (for an id that can never
   * exist), and the time of the answer does not tell that someone else's job exists.
   */
  Optional<JobSnapshot> readable(String principal, String id) {
    return allowed(id, job -> canRead(principal, job));
  }

  /** The job, if it exists and the caller may retry it; a miss costs what {@link #readable}'s does. */
  Optional<JobSnapshot> retryable(String principal, String id) {
    return allowed(id, job -> Policies.canRetry(tracker.accessPolicy(), principal, job));
  }

  private Optional<JobSnapshot> allowed(String id, Predicate<JobSnapshot> may) {
    Optional<JobSnapshot> job = tracker.find(id);
    if (job.isPresent() && !may.test(job.get())) {
      tracker.find(NEVER_AN_ID + id);
      return Optional.empty();
    }
    return job;
  }

  boolean canRead(String principal, JobSnapshot job) {
    return Policies.canRead(tracker.accessPolicy(), principal, job);
  }

  boolean canCancel(String principal, JobSnapshot job) {
    return Policies.canCancel(tracker.accessPolicy(), principal, job);
  }

  /** Unknown and unreadable jobs get the same answer, so nobody learns that someone else's job exists. */
  static Response notFound(String id) {
    return Response.error(404, "no job with id " + Response.quoted(id));
  }
}
