package dev.headway.spi;

import dev.headway.ExclusiveKeyException;
import dev.headway.JobFilter;
import dev.headway.JobSnapshot;
import dev.headway.JobStats;
import dev.headway.LogLine;
import dev.headway.internal.InMemoryJobStore;
import java.time.Clock;
import java.time.Duration;
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
 *
 * <p>Every write is durable when its call returns: it survives a crash of the process ({@code kill -9}) right
 * after. Liveness (signs of life, staleness) is judged on the store's clock only. An ended job is never changed
 * again, by any node.
 */
public interface JobStore {

  /**
   * Returns a store that keeps jobs in this JVM's memory: fast, and gone on restart.
   *
   * @return a new, empty store
   */
  static JobStore inMemory() {
    return new InMemoryJobStore(Clock.systemUTC());
  }

  /**
   * Returns a store that keeps jobs in this JVM's memory and judges liveness by the given clock.
   *
   * @param clock the store's clock, the one {@link #findStale} and signs of life use
   * @return a new, empty store
   */
  static JobStore inMemory(Clock clock) {
    return new InMemoryJobStore(clock);
  }

  /**
   * Adds a new job, held by {@code nodeId} at {@link JobWrite#FIRST_EPOCH}, and, atomically with it, claims its
   * exclusive key. The insert is its first sign of life (see {@link #findStale}). Durable when this returns.
   *
   * @param job the job's first state
   * @param exclusiveKey a key no other active job may hold, or null
   * @param nodeId the node that runs the job
   * @throws ExclusiveKeyException carrying the holder's id when an active job holds the key
   * @throws IllegalArgumentException if a job with this id exists
   */
  void insert(JobSnapshot job, String exclusiveKey, String nodeId);

  /**
   * Writes newer states of jobs by their holder. Each write is applied only if the stored job is active (queued or
   * running), held at the written epoch, and stored at a lower version: an ended job never changes again, a node
   * whose hold was taken over can no longer write, and a stale state never overwrites a newer one. An applied write
   * is a sign of life, at the store's time; a terminal state releases the job's exclusive key; a cancel request
   * recorded with {@link #requestCancel} is kept whatever the written state says. A write's {@linkplain
   * JobWrite#log log lines} are added, and the lines it drops deleted, together with its state, or not at all when
   * the state is not applied. An applied terminal state is counted in {@link #stats}. Durable when this returns.
   *
   * @param writes states to write, at most one per job
   * @return the writes that were not applied, each with the job as stored; empty when all were
   */
  List<WriteConflict> update(List<JobWrite> writes);

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
   * Records that a node is alive and still runs these jobs, at the store's time, in one statement for all of them.
   * Ids that are unknown, ended or held by another node are ignored.
   *
   * @param nodeId the tracker's node id
   * @param ids the active jobs the node runs
   */
  void heartbeat(String nodeId, Collection<String> ids);

  /**
   * Returns active (queued or running) jobs whose last sign of life (insert, applied write or heartbeat) is more
   * than {@code staleAfter} ago, judged by the store's clock alone (a database's own time), so the clocks of the
   * nodes do not matter. Oldest sign of life first.
   *
   * @param staleAfter how long without a sign of life makes a job stale
   * @param limit the most jobs to return
   * @return the jobs, as stored
   */
  List<StoredJob> findStale(Duration staleAfter, int limit);

  /**
   * Ends abandoned jobs on behalf of the node that found them, with one compare-and-set per job and as few
   * statements as the store can manage for all of them. Each ending is written only if the job is still active,
   * still held at the ending's epoch (the one {@link #findStale} returned) and still stale by the store's clock; the
   * write raises the epoch by one and makes {@code nodeId} the holder, so the old holder's later writes are refused.
   * Otherwise as {@link #update}. Of several nodes sweeping at once, exactly one ends each job. Durable when this
   * returns. The endings written are counted in {@link #stats}.
   *
   * @param nodeId the sweeping node
   * @param staleAfter how long without a sign of life makes a job stale
   * @param endings the terminal states to write, each with the epoch it was found at
   * @return the states that were written
   */
  List<JobSnapshot> takeOver(String nodeId, Duration staleAfter, List<JobWrite> endings);

  /**
   * Returns how long recent completed jobs of a type took, newest first, for ETA estimates.
   *
   * @param type the job type
   * @param limit the most runs to return
   * @return the runs
   */
  List<JobRun> recentRuns(String type, int limit);

  /**
   * Returns a job's log lines numbered above {@code afterSeq}, oldest first: those its writes added and did not drop.
   *
   * @param jobId the job
   * @param afterSeq 0 for the whole log, else the number of the last line the caller has
   * @param limit the most lines to return
   * @return the lines; empty for an unknown job
   */
  List<LogLine> readLog(String jobId, long afterSeq, int limit);

  /**
   * Returns numbers about the jobs that ended at or after {@code since} and match the filter's owner, tenant, type
   * and parent (its statuses and limit are ignored), put together with a {@link dev.headway.spi.JobStatsBuilder}.
   * A database store answers with a few grouped queries over indexes, not by reading the jobs.
   *
   * @param filter which jobs
   * @param since the start of the period, by the jobs' {@code completedAt}
   * @return the figures
   */
  JobStats stats(JobFilter filter, Instant since);

  /**
   * Deletes jobs that ended before a cutoff, with their logs and their part in {@link #stats}, at most
   * {@code limit} of them.
   *
   * @param cutoff jobs whose {@code completedAt} is before this go
   * @param limit the most jobs to delete in this call
   * @return how many were deleted
   */
  int deleteEndedBefore(Instant cutoff, int limit);
}
