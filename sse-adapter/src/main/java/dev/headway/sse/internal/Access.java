package dev.headway.sse.internal;

import dev.headway.JobSnapshot;
import dev.headway.ProgressTracker;
import dev.headway.internal.Policies;
import java.util.Optional;

/** Who the caller is and what they may see, for every endpoint: the host's principal function and the policy. */
final class Access {
  private final Settings settings;
  private final ProgressTracker tracker;

  Access(Settings settings) {
    this.settings = settings;
    this.tracker = settings.tracker();
  }

  String principal(Exchange exchange) {
    return settings.principal().apply(exchange);
  }

  /** The job, if it exists and the caller may read it; both misses look the same to the caller. */
  Optional<JobSnapshot> readable(String principal, String id) {
    return tracker.find(id).filter(job -> canRead(principal, job));
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
