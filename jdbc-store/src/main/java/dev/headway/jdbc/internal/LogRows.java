package dev.headway.jdbc.internal;

import dev.headway.LogLevel;
import dev.headway.LogLine;
import dev.headway.spi.JobWrite;
import dev.headway.spi.LogAppend;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * A job's log in its own table, {@code <prefix>job_log}: one row per line, keyed by job and number, so a job's log
 * is one range of the primary key, read in order. A line outside any step has the step {@code ''}, which the
 * {@link LogAppend#keptFrom} of such lines names too.
 */
public final class LogRows {
  private final String insert;
  private final String drop;
  private final String read;
  private final RowMapper<LogLine> mapper;

  /**
   * Renders the statements.
   *
   * @param prefix the table prefix, already checked to be a plain identifier
   * @param dialect the database, for how it reads times back
   */
  public LogRows(String prefix, Dialect dialect) {
    String table = prefix + "job_log";
    insert = "INSERT INTO " + table + " (job_id, seq, step, level, logged_at, text)"
        + " VALUES (:jobId, :seq, :step, :level, :at, :text)";
    drop = "DELETE FROM " + table + " WHERE job_id = :jobId AND step = :step AND seq < :keptFrom";
    read = "SELECT job_id, seq, step, level, logged_at, text FROM " + table
        + " WHERE job_id = :jobId AND seq > :afterSeq ORDER BY seq LIMIT :limit";
    boolean zoned = dialect.timesHaveZones();
    mapper = (rs, ctx) -> {
      String step = rs.getString("step");
      return new LogLine(rs.getString("job_id"), rs.getLong("seq"), step.isEmpty() ? null : step,
          LogLevel.fromWireName(rs.getString("level")), instant(rs, "logged_at", zoned), rs.getString("text"));
    };
  }

  /**
   * Writes what applied writes do to their jobs' logs: first the lines each drops, then the lines each adds, one
   * batch of each for all the writes.
   *
   * @param handle a handle in the writes' transaction
   * @param applied the writes that were applied
   */
  public void write(Handle handle, List<JobWrite> applied) {
    PreparedBatch drops = null;
    PreparedBatch lines = null;
    for (JobWrite write : applied) {
      String jobId = write.state().id();
      for (Map.Entry<String, Long> kept : write.log().keptFrom().entrySet()) {
        drops = drops != null ? drops : handle.prepareBatch(drop);
        drops.bind("jobId", jobId).bind("step", kept.getKey()).bind("keptFrom", kept.getValue()).add();
      }
      for (LogLine line : write.log().lines()) {
        lines = lines != null ? lines : handle.prepareBatch(insert);
        lines.bind("jobId", jobId)
            .bind("seq", line.seq())
            .bind("step", LogAppend.stepKey(line.step()))
            .bind("level", line.level().wireName())
            .bindByType("at", line.at(), Instant.class)
            .bind("text", line.text())
            .add();
      }
    }
    // Dropped before added: a write keeps all of its own lines.
    if (drops != null) {
      drops.execute();
    }
    if (lines != null) {
      lines.execute();
    }
  }

  /**
   * Reads a job's lines after a number, oldest first.
   *
   * @param handle the handle to read on
   * @param jobId the job
   * @param afterSeq the number of the last line the caller has
   * @param limit the most lines to read
   * @return the lines
   */
  public List<LogLine> read(Handle handle, String jobId, long afterSeq, int limit) {
    return handle.createQuery(read)
        .bind("jobId", jobId)
        .bind("afterSeq", afterSeq)
        .bind("limit", limit)
        .map(mapper)
        .list();
  }

  /** Reads a time as the store bound it ({@link InstantArgumentFactory}): with a zone, or a UTC date-time. */
  static Instant instant(ResultSet rs, String column, boolean zoned) throws SQLException {
    if (zoned) {
      return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
    return rs.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
  }
}
