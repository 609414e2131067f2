package dev.headway;

import java.util.EnumSet;
import java.util.Set;

/**
 * Selects jobs: by owner, tenant, type, parent and status. Null fields match anything; an empty status set
 * matches every status.
 *
 * <pre>{@code
 * tracker.list(JobFilter.owner("alice").withType("article").active());
 * tracker.subscribe(JobFilter.owner("alice"), listener);
 * }</pre>
 *
 * @param owner the owner, or null
 * @param tenant the tenant, or null
 * @param type the job type, or null
 * @param parentId the parent job, or null
 * @param statuses the statuses to include; empty for all
 * @param limit the most jobs {@link ProgressTracker#list} returns, newest first (1–{@value #MAX_LIMIT})
 */
public record JobFilter(String owner, String tenant, String type, String parentId, Set<JobStatus> statuses,
    int limit) {

  /** The limit when none is given. */
  public static final int DEFAULT_LIMIT = 100;
  /** The largest limit. */
  public static final int MAX_LIMIT = 1000;

  private static final Set<JobStatus> ACTIVE = Set.copyOf(EnumSet.of(JobStatus.QUEUED, JobStatus.RUNNING));
  private static final Set<JobStatus> FINISHED =
      Set.copyOf(EnumSet.of(JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED));

  /** Checks the limit and freezes the status set. */
  public JobFilter {
    statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be within 1–" + MAX_LIMIT + ", was " + limit);
    }
  }

  /**
   * Returns a filter that matches every job.
   *
   * @return the filter
   */
  public static JobFilter all() {
    return new JobFilter(null, null, null, null, Set.of(), DEFAULT_LIMIT);
  }

  /**
   * Returns a filter for one owner's jobs.
   *
   * @param owner the owner
   * @return the filter
   */
  public static JobFilter owner(String owner) {
    return all().withOwner(owner);
  }

  /**
   * Returns a copy for the given owner.
   *
   * @param owner the owner
   * @return the new filter
   */
  public JobFilter withOwner(String owner) {
    return new JobFilter(owner, tenant, type, parentId, statuses, limit);
  }

  /**
   * Returns a copy for the given tenant.
   *
   * @param tenant the tenant
   * @return the new filter
   */
  public JobFilter withTenant(String tenant) {
    return new JobFilter(owner, tenant, type, parentId, statuses, limit);
  }

  /**
   * Returns a copy for the given job type.
   *
   * @param type the type
   * @return the new filter
   */
  public JobFilter withType(String type) {
    return new JobFilter(owner, tenant, type, parentId, statuses, limit);
  }

  /**
   * Returns a copy for the children of the given job.
   *
   * @param parentId the parent job's id
   * @return the new filter
   */
  public JobFilter withParent(String parentId) {
    return new JobFilter(owner, tenant, type, parentId, statuses, limit);
  }

  /**
   * Returns a copy for the given statuses.
   *
   * @param statuses the statuses; empty for all
   * @return the new filter
   */
  public JobFilter withStatuses(Set<JobStatus> statuses) {
    return new JobFilter(owner, tenant, type, parentId, statuses, limit);
  }

  /**
   * Returns a copy for queued and running jobs.
   *
   * @return the new filter
   */
  public JobFilter active() {
    return withStatuses(ACTIVE);
  }

  /**
   * Returns a copy for completed, failed and cancelled jobs.
   *
   * @return the new filter
   */
  public JobFilter finished() {
    return withStatuses(FINISHED);
  }

  /**
   * Returns a copy with another limit.
   *
   * @param limit the most jobs to return, 1–{@value #MAX_LIMIT}
   * @return the new filter
   */
  public JobFilter withLimit(int limit) {
    return new JobFilter(owner, tenant, type, parentId, statuses, limit);
  }

  /**
   * Returns whether a job matches this filter.
   *
   * @param job the job
   * @return true when every non-null field matches
   */
  public boolean matches(JobSnapshot job) {
    return (owner == null || owner.equals(job.owner()))
        && (tenant == null || tenant.equals(job.tenant()))
        && (type == null || type.equals(job.type()))
        && (parentId == null || parentId.equals(job.parentId()))
        && (statuses.isEmpty() || statuses.contains(job.status()));
  }
}
