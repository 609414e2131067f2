package dev.headway.internal;

import dev.headway.AccessPolicy;
import dev.headway.JobFilter;
import dev.headway.JobSnapshot;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Asks an {@link AccessPolicy} as its contract says: an exception in it is logged and counts as "no". */
public final class Policies {
  private static final Logger LOG = LoggerFactory.getLogger(Policies.class);

  private Policies() {}

  /**
   * Returns whether the policy lets the principal read the job; false if it throws.
   *
   * @param policy the policy
   * @param principal the caller, or null for anonymous
   * @param job the job
   * @return the policy's answer
   */
  public static boolean canRead(AccessPolicy policy, String principal, JobSnapshot job) {
    try {
      return policy.canRead(principal, job);
    } catch (RuntimeException e) {
      LOG.warn("the access policy threw; reading job {} is refused", job.id(), e);
      return false;
    }
  }

  /**
   * Returns whether the policy lets the principal cancel the job; false if it throws.
   *
   * @param policy the policy
   * @param principal the caller, or null for anonymous
   * @param job the job
   * @return the policy's answer
   */
  public static boolean canCancel(AccessPolicy policy, String principal, JobSnapshot job) {
    try {
      return policy.canCancel(principal, job);
    } catch (RuntimeException e) {
      LOG.warn("the access policy threw; cancelling job {} is refused", job.id(), e);
      return false;
    }
  }

  /**
   * Returns whether the policy lets the principal retry the job; false if it throws.
   *
   * @param policy the policy
   * @param principal the caller, or null for anonymous
   * @param job the job
   * @return the policy's answer
   */
  public static boolean canRetry(AccessPolicy policy, String principal, JobSnapshot job) {
    try {
      return policy.canRetry(principal, job);
    } catch (RuntimeException e) {
      LOG.warn("the access policy threw; retrying job {} is refused", job.id(), e);
      return false;
    }
  }

  /**
   * Returns the jobs whose numbers the policy lets the principal see; none if it throws.
   *
   * @param policy the policy
   * @param principal the caller, or null for anonymous
   * @return the widest filter, or empty for none
   */
  public static Optional<JobFilter> statsScope(AccessPolicy policy, String principal) {
    try {
      Optional<JobFilter> scope = policy.statsScope(principal);
      return scope == null ? Optional.empty() : scope;
    } catch (RuntimeException e) {
      LOG.warn("the access policy threw; numbers for {} are refused", principal, e);
      return Optional.empty();
    }
  }
}
