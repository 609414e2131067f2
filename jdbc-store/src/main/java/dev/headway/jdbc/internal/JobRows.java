package dev.headway.jdbc.internal;

import dev.headway.JobSnapshot;
import dev.headway.jdbc.JdbcStoreException;
import dev.headway.json.JobJson;
import dev.headway.json.JobJsonException;
import dev.headway.spi.JobRun;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * How a job lies in its row: the whole snapshot as JSON text, which is the truth, plus columns copied from it for
 * the queries, plus the cancel request and heartbeat columns that only the store writes.
 */
public final class JobRows {
  /** The columns a query selects to read jobs back with {@link #SNAPSHOT}. */
  static final String COLUMNS = "id, snapshot, cancel_requested, cancel_reason";

  /** Reads a job as the store shows it: its snapshot with the recorded cancel request merged in. */
  public static final RowMapper<JobSnapshot> SNAPSHOT = (rs, ctx) ->
      CancelRequests.merged(snapshot(rs), rs.getBoolean("cancel_requested"), rs.getString("cancel_reason"));

  /** Reads a completed job's durations. */
  public static final RowMapper<JobRun> RUN = (rs, ctx) -> JobRuns.of(snapshot(rs));

  private JobRows() {}

  /**
   * Binds a new job to {@link JobsSql#insert()}.
   *
   * @param statement the insert
   * @param job the job's first state
   * @param activeKey the exclusive key it claims, or null
   * @param <S> the statement's type
   * @return the statement
   */
  public static <S extends SqlStatement<S>> S bindInsert(S statement, JobSnapshot job, String activeKey) {
    return bindSnapshot(statement, job).bind("activeKey", activeKey);
  }

  /**
   * Binds a newer state to {@link JobsSql#update()} or {@link JobsSql#replace()}.
   *
   * @param statement the update
   * @param job the state to write
   * @param <S> the statement's type
   * @return the statement
   */
  public static <S extends SqlStatement<S>> S bindUpdate(S statement, JobSnapshot job) {
    return bindSnapshot(statement, job).bind("ended", job.isFinished());
  }

  /** Binds the JSON and each column copied from it, so the columns never disagree with the JSON they index. */
  private static <S extends SqlStatement<S>> S bindSnapshot(S statement, JobSnapshot job) {
    return statement
        .bind("id", job.id())
        .bind("type", job.type())
        .bind("owner", job.owner())
        .bind("tenant", job.tenant())
        .bind("parentId", job.parentId())
        .bind("status", job.status().wireName())
        .bind("version", job.version())
        .bindByType("createdAt", job.createdAt(), Instant.class)
        .bindByType("startedAt", job.startedAt(), Instant.class)
        .bindByType("updatedAt", job.updatedAt(), Instant.class)
        .bindByType("completedAt", job.completedAt(), Instant.class)
        .bind("cancelRequested", job.cancelRequested())
        .bind("cancelReason", job.cancelReason())
        .bind("snapshot", JobJson.write(job));
  }

  private static JobSnapshot snapshot(ResultSet rs) throws SQLException {
    try {
      return JobJson.read(rs.getString("snapshot"));
    } catch (JobJsonException e) {
      throw new JdbcStoreException("job " + rs.getString("id") + " has an unreadable snapshot: " + e.getMessage(), e);
    }
  }
}
