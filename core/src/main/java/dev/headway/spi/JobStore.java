package dev.headway.spi;

import dev.headway.ExclusiveKeyException;
import dev.headway.JobFilter;
import dev.headway.JobSnapshot;
import dev.headway.internal.InMemoryJobStore;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where jobs are kept durably: the source of truth across restarts and, for a shared database, across nodes.
 *
 * <p>The tracker keeps live jobs in memory and decides what to write and when; a store only stores. Every store
 * passes the contract test suite {@code JobStoreContract} from the {@code headway-core} test-jar. Implementations
 * must be thread-safe. The tracker does not close its store; the host that built it does.
 */
public interface JobStore {

  /**
   * Returns a store that keeps jobs in this JVM's memory: fast, and gone on restart.
   *
   * @return a new, empty store
   */
  static JobStore inMemory() {
    return new InMemoryJobStore();
  }

  /**
   * Adds a new job and, atomically with it, claims its exclusive key. The job's {@code updatedAt} is its first sign
   * of life (see {@link #findStale}).
   *
   * @param job the job's first state
   * @param exclusiveKey a key no other active job may hold, or null
   * @throws ExclusiveKeyException carrying the holder's id when an active job holds the key
   * @throws IllegalArgumentException if a job with this id exists
   */
  void insert(JobSnapshot job, String exclusiveKey);

  /**
   * Writes newer states of existing jobs. Each is applied only if its version is above the stored version, so a
   * stale write never wins; a state with a terminal status releases the job's exclusive key. Unknown ids are
   * ignored. A cancel request recorded with {@link #requestCancel} is kept whatever the written state says.
   *
   * @param jobs states to write, at most one per job
   */
  void update(List<JobSnapshot> jobs);

  /**
   * Returns a job's stored state.
   *
   * @param id the job's id
   * @return the state, or empty when unknown
   */
  Optional<JobSnapshot> find(String id);

  /**
   * Returns the stored states of several jobs, in no particular order; unknown ids are left out. A database store
   * reads them in one query.
   *
   * @param ids the jobs' ids
   * @return the states found
   */
  List<JobSnapshot> findAll(Collection<String> ids);

  /**
   * Lists jobs matching the filter, newest ({@code createdAt}) first, at most {@code filter.limit()}.
   *
   * @param filter which jobs
   * @return the jobs
   */
  List<JobSnapshot> list(JobFilter filter);

  /**
   * Records a request to cancel an active job, in place of its own so later progress writes cannot erase it. The
   * job's version grows, since its state changed.
   *
   * @param id the job
   * @param reason why, or null
   * @param at when the request was made
   * @return the job's state with the request, or empty when unknown; an ended job is returned unchanged
   */
  Optional<JobSnapshot> requestCancel(String id, String reason, Instant at);

  /**
   * Writes a new state only if the stored version is exactly {@code expectedVersion}: for a change that must
   * happen once however many nodes attempt it, such as a sweeper ending an abandoned job. Otherwise as
   * {@link #update}: a terminal state releases the key, a recorded cancel request is kept.
   *
   * @param expectedVersion the version the caller read
   * @param next the new state; its version must be above {@code expectedVersion}
   * @return true if it was written, false if the job is unknown or its version has moved on
   */
  boolean replace(long expectedVersion, JobSnapshot next);

  /**
   * Records that a node is alive and still runs these jobs, in one statement for all of them. Unknown and ended
   * ids are ignored.
   *
   * @param nodeId the tracker's node id
   * @param ids the active jobs the node runs
   * @param at the node's current time
   */
  void heartbeat(String nodeId, Collection<String> ids, Instant at);

  /**
   * Returns active (queued or running) jobs whose last sign of life — the later of their last heartbeat and their
   * stored state's {@code updatedAt} — is before a time: their node has probably died. Oldest sign of life first.
   *
   * @param before the cutoff
   * @param limit the most jobs to return
   * @return the jobs, as stored
   */
  List<JobSnapshot> findStale(Instant before, int limit);

  /**
   * Returns how long recent completed jobs of a type took, newest first, for ETA estimates.
   *
   * @param type the job type
   * @param limit the most runs to return
   * @return the runs
   */
  List<JobRun> recentRuns(String type, int limit);

  /**
   * Deletes jobs that ended before a cutoff, at most {@code limit} of them.
   *
   * @param cutoff jobs whose {@code completedAt} is before this go
   * @param limit the most jobs to delete in this call
   * @return how many were deleted
   */
  int deleteEndedBefore(Instant cutoff, int limit);
}
