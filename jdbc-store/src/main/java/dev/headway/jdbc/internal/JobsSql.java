package dev.headway.jdbc.internal;

import dev.headway.JobFilter;
import dev.headway.JobStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.Update;

/**
 * The statements the store runs on its jobs table, rendered for a table prefix and a database: once, except those
 * that match a list of ids or statuses ({@link Dialect#oneOf}), which are rendered per call. They are plain SQL that
 * every supported database runs, except for what {@link Dialect} renders: the clock, the time {@code staleAfter}
 * before it, a list of values and a bounded delete.
 *
 * <p>Every sign of life is the database's own clock ({@link Dialect#now()}), never a time a node sends, and staleness
 * compares with the same clock: how far apart the nodes' clocks are does not matter.
 *
 * <p>Each write changes every row it matches (the version, or the epoch, always moves), so the count of changed
 * rows and the count of matched rows, which MariaDB's driver reports unless told {@code useAffectedRows}, agree.
 */
public final class JobsSql {
  private static final String ACTIVE = statuses(false);
  private static final String ENDED = statuses(true);

  /**
   * The columns a write sets from a snapshot. A terminal state releases the exclusive key. A recorded cancel
   * request survives a write that does not carry it (in SET, column names read the row before the update; on
   * MariaDB and MySQL they read what the SET assigned before them, so cancel_reason comes before cancel_requested);
   * the reason is kept only while a request is recorded, so a later request without a reason shows none.
   */
  private static final String SET_FROM_SNAPSHOT = """
      type = :type, owner = :owner, tenant = :tenant, parent_id = :parentId, status = :status,
      version = :version, created_at = :createdAt, started_at = :startedAt, updated_at = :updatedAt,
      completed_at = :completedAt,
      active_key = CASE WHEN :ended THEN NULL ELSE active_key END,
      cancel_reason = CASE WHEN cancel_requested OR :cancelRequested
          THEN COALESCE(:cancelReason, cancel_reason) END,
      cancel_requested = cancel_requested OR :cancelRequested,
      result = :result,
      duration_ms = :durationMs,
      duration_bucket = :durationBucket,
      snapshot = :snapshot""";

  /** What a write by the job's holder needs of the row: still active, still held at its epoch, and older. */
  private static final String HELD_AND_OLDER =
      " WHERE id = :id AND epoch = :epoch AND status IN (" + ACTIVE + ") AND version < :version";

  private final Dialect dialect;
  private final String table;
  private final String insert;
  private final String update;
  private final String takeOver;
  private final String replace;
  private final String find;
  private final String findAllWhere;
  private final String findHeldWhere;
  private final String findForUpdate;
  private final String exists;
  private final String keyHolder;
  private final String heartbeat;
  private final String findStale;
  private final String recentRuns;
  private final String deleteEndedBefore;
  private final String changedAfter;
  private final String maxVersion;

  /**
   * Renders the statements.
   *
   * @param prefix the table prefix, already checked to be a plain identifier
   * @param dialect the database, for what it renders its own way
   */
  public JobsSql(String prefix, Dialect dialect) {
    this.dialect = dialect;
    table = prefix + "jobs";
    String now = dialect.now();
    String staleCutoff = dialect.staleCutoff("staleMicros");
    String held = JobRows.COLUMNS + ", holder, epoch";
    insert = "INSERT INTO " + table + " (id, type, owner, tenant, parent_id, status, version, created_at, started_at,"
        + " updated_at, completed_at, alive_at, holder, epoch, active_key, cancel_requested, cancel_reason, result,"
        + " duration_ms, duration_bucket, snapshot)"
        + " VALUES (:id, :type, :owner, :tenant, :parentId, :status, :version, :createdAt, :startedAt,"
        + " :updatedAt, :completedAt, " + now + ", :holder, :epoch, :activeKey, :cancelRequested,"
        + " CASE WHEN :cancelRequested THEN :cancelReason END, :result, :durationMs, :durationBucket, :snapshot)";
    update = "UPDATE " + table + " SET " + SET_FROM_SNAPSHOT + ", alive_at = " + now + HELD_AND_OLDER;
    takeOver = "UPDATE " + table + " SET " + SET_FROM_SNAPSHOT
        + ", alive_at = " + now + ", holder = :holder, epoch = epoch + 1"
        + HELD_AND_OLDER + " AND alive_at < " + staleCutoff;
    // A cancel request is not a sign of life of the job's holder, so it leaves alive_at, holder and epoch alone.
    replace = "UPDATE " + table + " SET " + SET_FROM_SNAPSHOT + " WHERE id = :id AND version = :expectedVersion";
    find = "SELECT " + JobRows.COLUMNS + " FROM " + table + " WHERE id = :id";
    findForUpdate = find + " FOR UPDATE";
    findAllWhere = "SELECT " + JobRows.COLUMNS + " FROM " + table + " WHERE ";
    findHeldWhere = "SELECT " + held + " FROM " + table + " WHERE ";
    exists = "SELECT COUNT(*) FROM " + table + " WHERE id = :id";
    keyHolder = "SELECT id FROM " + table + " WHERE active_key = :key";
    heartbeat = "UPDATE " + table + " SET alive_at = " + now
        + " WHERE holder = :holder AND status IN (" + ACTIVE + ") AND ";
    findStale = "SELECT " + held + " FROM " + table + " WHERE status IN (" + ACTIVE + ") AND alive_at < "
        + staleCutoff + " ORDER BY alive_at, id LIMIT :limit";
    recentRuns = "SELECT id, snapshot FROM " + table
        + " WHERE type = :type AND status = '" + JobStatus.COMPLETED.wireName() + "'"
        + " AND started_at IS NOT NULL AND completed_at IS NOT NULL"
        + " ORDER BY completed_at DESC, id LIMIT :limit";
    deleteEndedBefore = dialect.deleteFirst(table, "status IN (" + ENDED + ") AND completed_at < :cutoff",
        "completed_at, id", "limit");
    changedAfter = "SELECT id, version, holder, status, cancel_requested FROM " + table
        + " WHERE version > :version OR (version = :version AND id > :id) ORDER BY version, id LIMIT :limit";
    maxVersion = "SELECT COALESCE(MAX(version), 0) FROM " + table;
  }

  /**
   * Reads up to {@code :limit} jobs' id, version, holder, status and cancel request, in (version, id) order, after
   * the position {@code (:version, :id)}: the change index that the polling cluster bus follows.
   *
   * @return the query
   */
  public String changedAfter() {
    return changedAfter;
  }

  /**
   * Reads the highest version of any job, 0 when there is none.
   *
   * @return the query
   */
  public String maxVersion() {
    return maxVersion;
  }

  private static String statuses(boolean terminal) {
    return Arrays.stream(JobStatus.values())
        .filter(s -> s.isTerminal() == terminal)
        .map(s -> "'" + s.wireName() + "'")
        .collect(Collectors.joining(", "));
  }

  /**
   * Adds a job held by {@code :holder} at {@code :epoch}, alive now; binds {@link JobRows#bindInsert}.
   *
   * @return the statement
   */
  public String insert() {
    return insert;
  }

  /**
   * Writes a state by the job's holder: only if the job is active, held at {@code :epoch} and older than the state;
   * a sign of life. Binds {@link JobRows#bindWrite}.
   *
   * @return the statement
   */
  public String update() {
    return update;
  }

  /**
   * Writes an ending for node {@code :holder} if, besides what {@link #update()} needs, the job's last sign of life
   * is more than {@code :staleMicros} microseconds before the database's time; raises the epoch and makes
   * {@code :holder} the holder. Binds {@link JobRows#bindWrite}.
   *
   * @return the statement
   */
  public String takeOver() {
    return takeOver;
  }

  /**
   * Writes a state if the stored version is {@code :expectedVersion}, leaving holder, epoch and the last sign of life
   * as they are; binds {@link JobRows#bindUpdate}.
   *
   * @return the statement
   */
  public String replace() {
    return replace;
  }

  /**
   * Reads jobs by id, for {@link JobRows#SNAPSHOT}.
   *
   * @param handle the handle to run it on
   * @param ids the ids, at least one
   * @return the bound query
   */
  public Query findAll(Handle handle, Collection<String> ids) {
    OneOf idIn = dialect.oneOf("id", "ids", ids);
    return idIn.bind(handle.createQuery(findAllWhere + idIn.sql()));
  }

  /**
   * Reads jobs by id with their holder and epoch, for {@link JobRows#HELD}.
   *
   * @param handle the handle to run it on
   * @param ids the ids, at least one
   * @return the bound query
   */
  public Query findHeld(Handle handle, Collection<String> ids) {
    OneOf idIn = dialect.oneOf("id", "ids", ids);
    return idIn.bind(handle.createQuery(findHeldWhere + idIn.sql()));
  }

  /**
   * Reads a job by {@code :id}, for {@link JobRows#SNAPSHOT}.
   *
   * @return the query
   */
  public String find() {
    return find;
  }

  /**
   * Reads and locks a job by {@code :id} until the transaction ends.
   *
   * @return the query
   */
  public String findForUpdate() {
    return findForUpdate;
  }

  /**
   * Counts the jobs with id {@code :id}: 0 or 1.
   *
   * @return the query
   */
  public String exists() {
    return exists;
  }

  /**
   * Reads the id of the active job holding the exclusive key {@code :key}.
   *
   * @return the query
   */
  public String keyHolder() {
    return keyHolder;
  }

  /**
   * Records a sign of life, now, of the active jobs among some that a node holds.
   *
   * @param handle the handle to run it on
   * @param holder the node
   * @param ids the jobs' ids, at least one
   * @return the bound statement
   */
  public Update heartbeat(Handle handle, String holder, Collection<String> ids) {
    OneOf idIn = dialect.oneOf("id", "ids", ids);
    return idIn.bind(handle.createUpdate(heartbeat + idIn.sql())).bind("holder", holder);
  }

  /**
   * Reads up to {@code :limit} active jobs whose last sign of life is more than {@code :staleMicros} microseconds
   * before the database's time, oldest first, for {@link JobRows#HELD}.
   *
   * @return the query
   */
  public String findStale() {
    return findStale;
  }

  /**
   * Reads up to {@code :limit} completed jobs of type {@code :type}, newest first, for {@link JobRows#RUN}.
   *
   * @return the query
   */
  public String recentRuns() {
    return recentRuns;
  }

  /**
   * Deletes up to {@code :limit} jobs that ended before {@code :cutoff}, oldest first.
   *
   * @return the statement
   */
  public String deleteEndedBefore() {
    return deleteEndedBefore;
  }

  /**
   * Creates the query behind {@code list}: only the filter's set fields become conditions, so each combination
   * gets a plan that can use its index (an {@code (:owner IS NULL OR owner = :owner)} form would defeat them).
   *
   * @param handle the handle to run it on
   * @param filter which jobs
   * @return the bound query, for {@link JobRows#SNAPSHOT}
   */
  public Query list(Handle handle, JobFilter filter) {
    Map<String, Object> values = new LinkedHashMap<>();
    List<String> conditions = matching(filter, values);
    OneOf statusIn = null;
    if (!filter.statuses().isEmpty()) {
      statusIn = dialect.oneOf("status", "statuses",
          filter.statuses().stream().map(JobStatus::wireName).sorted().toList());
      conditions.add(statusIn.sql());
    }
    String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    Query query = handle.createQuery("SELECT " + JobRows.COLUMNS + " FROM " + table + where
            + " ORDER BY created_at DESC, id LIMIT :limit")
        .bindMap(values)
        .bind("limit", filter.limit());
    return statusIn == null ? query : statusIn.bind(query);
  }

  /**
   * Returns the conditions that a row has the filter's owner, tenant, type and parent, those that are set, and puts
   * their values in {@code values}; the jobs table and the job steps table name these columns alike.
   *
   * @param filter which jobs
   * @param values where the values to bind go
   * @return the conditions, to join with AND
   */
  static List<String> matching(JobFilter filter, Map<String, Object> values) {
    List<String> conditions = new ArrayList<>();
    equal(conditions, values, "owner", "owner", filter.owner());
    equal(conditions, values, "tenant", "tenant", filter.tenant());
    equal(conditions, values, "type", "type", filter.type());
    equal(conditions, values, "parent_id", "parentId", filter.parentId());
    return conditions;
  }

  private static void equal(List<String> conditions, Map<String, Object> values, String column, String name,
      String value) {
    if (value != null) {
      conditions.add(column + " = :" + name);
      values.put(name, value);
    }
  }
}
