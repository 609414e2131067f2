package dev.headway;

import dev.headway.internal.OwnerOnlyAccessPolicy;
import java.util.Optional;

/**
 * Decides who may read or cancel a job. The HTTP adapters ask it for every request; a job someone may not read
 * looks to them exactly like one that does not exist.
 *
 * <p>Implementations must be thread-safe and fast (no I/O). An exception thrown here is logged and counts as "no".
 */
public interface AccessPolicy {

  /**
   * Returns whether the principal may see the job.
   *
   * @param principal the caller, as the host identified them; null for an anonymous caller
   * @param job the job
   * @return true to allow
   */
  boolean canRead(String principal, JobSnapshot job);

  /**
   * Returns whether the principal may cancel the job.
   *
   * @param principal the caller; null for an anonymous caller
   * @param job the job
   * @return true to allow
   */
  boolean canCancel(String principal, JobSnapshot job);

  /**
   * Returns whether the principal may retry the job ({@link ProgressTracker#retry}). By default whoever may cancel
   * it.
   *
   * @param principal the caller; null for an anonymous caller
   * @param job the ended job
   * @return true to allow
   */
  default boolean canRetry(String principal, JobSnapshot job) {
    return canCancel(principal, job);
  }

  /**
   * Returns the jobs whose {@linkplain ProgressTracker#stats numbers} the principal may see, as a filter the
   * request's own (a type, say) is narrowed by. By default a signed-in caller's own jobs, and nothing for an
   * anonymous caller.
   *
   * @param principal the caller; null for an anonymous caller
   * @return the widest filter the caller may ask about, or empty for none
   */
  default Optional<JobFilter> statsScope(String principal) {
    return principal == null ? Optional.empty() : Optional.of(JobFilter.owner(principal));
  }

  /**
   * Returns the default policy: only the job's owner may read or cancel it.
   *
   * @return the policy
   */
  static AccessPolicy ownerOnly() {
    return OwnerOnlyAccessPolicy.INSTANCE;
  }
}
