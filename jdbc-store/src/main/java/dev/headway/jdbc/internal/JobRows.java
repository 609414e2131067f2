package dev.headway.jdbc.internal;

import dev.headway.JobSnapshot;
import dev.headway.jdbc.JdbcStoreException;
import dev.headway.json.JobJson;
import dev.headway.json.JobJsonException;
import dev.headway.spi.DurationHistogram;
import dev.headway.spi.JobRun;
import dev.headway.spi.JobStatsBuilder;
import dev.headway.spi.JobWrite;
import dev.headway.spi.StoredJob;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * How a job lies in its row: the snapshot as JSON text, which is the truth, with columns copied from it for the
 * queries, and three kinds of columns of their own.
 *
 * <ul>
 *   <li>{@code result}: the result exactly as given. The JSON codec would normalize it to compact form, and a
 *       result is the caller's text.
 *   <li>{@code cancel_requested} and {@code cancel_reason}: a progress write carries the worker's view, which may
 *       not know of a cancel request yet, and must not erase it; so the request lives beside the snapshot and is
 *       merged into it when read.
 *   <li>{@code holder} and {@code epoch}: the node that holds the job and the fencing token of that hold (see
 *       {@link JobWrite}); {@code alive_at}: the last sign of life, in the database's time, never read back.
 * </ul>
 */
public final class JobRows {
  /** The columns a query selects to read jobs back with {@link #SNAPSHOT}. */
  static final String COLUMNS = "id, snapshot, result, cancel_requested, cancel_reason";

  /** Reads a job as the store shows it: its snapshot with its result and recorded cancel request merged in. */
  public static final RowMapper<JobSnapshot> SNAPSHOT = (rs, ctx) -> {
    JobSnapshot written = snapshot(rs);
    // A written request also set the column, so without a recorded request the snapshot has none either.
    boolean requested = rs.getBoolean("cancel_requested");
    String reason = requested ? rs.getString("cancel_reason") : written.cancelReason();
    return written.toBuilder().result(rs.getString("result")).cancelRequested(requested).cancelReason(reason)
        .build();
  };

  /** Reads a job with its holder and epoch; the query selects {@code holder} and {@code epoch} too. */
  public static final RowMapper<StoredJob> HELD = (rs, ctx) ->
      new StoredJob(SNAPSHOT.map(rs, ctx), rs.getString("holder"), rs.getLong("epoch"));

  /** Reads a completed job's durations. */
  public static final RowMapper<JobRun> RUN = (rs, ctx) -> JobRun.of(snapshot(rs));

  private JobRows() {}

  /**
   * Binds a new job to {@link JobsSql#insert()}, held by its first holder.
   *
   * @param statement the insert
   * @param job the job's first state
   * @param activeKey the exclusive key it claims, or null
   * @param holder the node that runs it
   * @param <S> the statement's type
   * @return the statement
   */
  public static <S extends SqlStatement<S>> S bindInsert(S statement, JobSnapshot job, String activeKey,
      String holder) {
    return bindSnapshot(statement, job)
        .bind("activeKey", activeKey)
        .bind("holder", holder)
        .bind("epoch", JobWrite.FIRST_EPOCH);
  }

  /**
   * Binds a holder's write to {@link JobsSql#update()} or {@link JobsSql#takeOver()}.
   *
   * @param statement the update
   * @param write the state and the epoch it was written at
   * @param <S> the statement's type
   * @return the statement
   */
  public static <S extends SqlStatement<S>> S bindWrite(S statement, JobWrite write) {
    return bindUpdate(statement, write.state()).bind("epoch", write.epoch());
  }

  /**
   * Binds a newer state to {@link JobsSql#replace()}.
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
    // An ended job's duration goes with it, so stats() reads it from an index rather than from the JSON.
    Long durationMs = job.isFinished() ? JobStatsBuilder.jobDurationMs(job) : null;
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
        .bind("result", job.result())
        .bindByType("durationMs", durationMs, Long.class)
        .bindByType("durationBucket", durationMs == null ? null : DurationHistogram.bucketOf(durationMs),
            Integer.class)
        .bind("snapshot", json(job.toBuilder().result(null).build()));
  }

  /**
   * The codec's UTF-8 form escapes every surrogate, so the text holds none. A lone surrogate (text cut in the middle
   * of an emoji) cannot be encoded for the database and a driver would replace it with {@code ?}.
   */
  private static String json(JobSnapshot job) {
    return new String(JobJson.writeBytes(job), StandardCharsets.UTF_8);
  }

  private static JobSnapshot snapshot(ResultSet rs) throws SQLException {
    try {
      return JobJson.read(rs.getString("snapshot"));
    } catch (JobJsonException e) {
      throw new JdbcStoreException("job " + rs.getString("id") + " has an unreadable snapshot: " + e.getMessage(), e);
    }
  }
}
