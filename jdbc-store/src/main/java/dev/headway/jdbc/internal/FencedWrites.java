package dev.headway.jdbc.internal;

import dev.headway.JobSnapshot;
import dev.headway.spi.JobWrite;
import dev.headway.spi.StoredJob;
import dev.headway.spi.WriteConflict;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The writes a job's holder, or a node taking the job over, makes: each a compare-and-set on the row's status, epoch
 * and version, all of them in one JDBC batch, and every write that changed no row read back in one query, so none
 * passes for done (a write the driver did not count is judged by its row, read back in the same query). The log
 * lines and counted steps of exactly the applied writes follow, a batch of each. They run in the caller's
 * transaction: one commit for the whole batch.
 *
 * <p>A batch writes its rows in the order of their ids: concurrent batches then lock their rows in the same order
 * and cannot deadlock.
 */
public final class FencedWrites {

  /**
   * What a batch of writes did.
   *
   * @param applied the writes that were applied
   * @param written the states stored, as the database now holds them for a take-over, as written for an update
   * @param conflicts the writes that changed nothing, each with the job as stored
   */
  public record Outcome(List<JobWrite> applied, List<JobSnapshot> written, List<WriteConflict> conflicts) {
    /** Copies the lists. */
    public Outcome {
      applied = List.copyOf(applied);
      written = List.copyOf(written);
      conflicts = List.copyOf(conflicts);
    }
  }

  private final JobsSql sql;
  private final LogRows logs;
  private final StatsSql stats;

  /**
   * Makes the writes of a jobs table and the tables that go with it.
   *
   * @param sql the jobs table's statements
   * @param logs the log table's
   * @param stats the counted steps table's
   */
  public FencedWrites(JobsSql sql, LogRows logs, StatsSql stats) {
    this.sql = sql;
    this.logs = logs;
    this.stats = stats;
  }

  /**
   * Writes states by their holders.
   *
   * @param handle a handle in a transaction
   * @param writes the writes, at most one per job
   * @return what was written and what was refused
   */
  public Outcome update(Handle handle, List<JobWrite> writes) {
    List<JobWrite> inIdOrder = inIdOrder(writes);
    PreparedBatch batch = handle.prepareBatch(sql.update());
    for (JobWrite write : inIdOrder) {
      JobRows.bindWrite(batch, write).add();
    }
    int[] counts = batch.execute();
    List<JobWrite> notCounted = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] <= 0) {
        notCounted.add(inIdOrder.get(i));
      }
    }
    Map<String, StoredJob> stored = readBack(handle, notCounted);
    List<JobWrite> applied = new ArrayList<>(counts.length);
    List<JobSnapshot> written = new ArrayList<>(counts.length);
    List<WriteConflict> conflicts = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      JobWrite write = inIdOrder.get(i);
      StoredJob row = stored.get(write.state().id());
      if (counts[i] > 0 || counts[i] == Statement.SUCCESS_NO_INFO && holds(row, write.state(), write.epoch())) {
        applied.add(write);
        written.add(write.state());
      } else {
        conflicts.add(new WriteConflict(write, row));
      }
    }
    applied(handle, applied, written);
    return new Outcome(applied, written, conflicts);
  }

  /**
   * Writes endings of stale jobs for a node that takes them over.
   *
   * @param handle a handle in a transaction
   * @param nodeId the node taking the jobs over
   * @param staleMicros how long without a sign of life makes a job stale, in microseconds
   * @param endings the endings, each at the epoch its job was found at
   * @return the states written, as stored (with any recorded cancel request), in id order; no conflicts
   */
  public Outcome takeOver(Handle handle, String nodeId, long staleMicros, List<JobWrite> endings) {
    List<JobWrite> inIdOrder = inIdOrder(endings);
    PreparedBatch batch = handle.prepareBatch(sql.takeOver());
    for (JobWrite ending : inIdOrder) {
      JobRows.bindWrite(batch, ending).bind("holder", nodeId).bind("staleMicros", staleMicros).add();
    }
    int[] counts = batch.execute();
    List<JobWrite> maybeTaken = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] != 0) {
        maybeTaken.add(inIdOrder.get(i));
      }
    }
    // Read back rather than rebuilt here: the row merges in a cancel request this node has not seen.
    Map<String, StoredJob> stored = readBack(handle, maybeTaken);
    List<JobWrite> applied = new ArrayList<>(maybeTaken.size());
    List<JobSnapshot> written = new ArrayList<>(maybeTaken.size());
    for (int i = 0; i < counts.length; i++) {
      JobWrite ending = inIdOrder.get(i);
      StoredJob row = stored.get(ending.state().id());
      if (counts[i] > 0 || counts[i] == Statement.SUCCESS_NO_INFO && holds(row, ending.state(), ending.epoch() + 1)
          && nodeId.equals(row.holder())) {
        applied.add(ending);
        written.add(row.state());
      }
    }
    applied(handle, applied, written);
    return new Outcome(applied, written, List.of());
  }

  /**
   * Writes what goes with the applied states, in their transaction, only once it is known which applied: their log
   * lines, and the counted steps of those that ended.
   */
  private void applied(Handle handle, List<JobWrite> applied, List<JobSnapshot> written) {
    logs.write(handle, applied);
    stats.countSteps(handle, written);
  }

  /**
   * Whether a row read back holds a state at an epoch. For a write the driver did not count ({@link
   * Statement#SUCCESS_NO_INFO}: a driver that sends a batch as one bulk operation, such as MariaDB's with
   * {@code useBulkStmts}), that tells whether it was applied: only the holder at that epoch writes it, and only
   * once; the job's rows stay locked by this transaction since its write.
   */
  private static boolean holds(StoredJob row, JobSnapshot state, long epoch) {
    return row != null && row.epoch() == epoch && row.state().version() == state.version();
  }

  /** Reads the jobs of writes back with their holders and epochs, in one query; none when there are no writes. */
  private Map<String, StoredJob> readBack(Handle handle, List<JobWrite> writes) {
    if (writes.isEmpty()) {
      return Map.of();
    }
    return sql.findHeld(handle, writes.stream().map(w -> w.state().id()).toList())
        .map(JobRows.HELD)
        .list()
        .stream()
        .collect(Collectors.toMap(job -> job.state().id(), Function.identity()));
  }

  private static List<JobWrite> inIdOrder(List<JobWrite> writes) {
    List<JobWrite> sorted = new ArrayList<>(writes);
    sorted.sort(Comparator.comparing(w -> w.state().id()));
    return sorted;
  }
}
