package dev.headway.jdbc.internal;

import dev.headway.JobFilter;
import dev.headway.JobSnapshot;
import dev.headway.JobStats;
import dev.headway.JobStatus;
import dev.headway.StepSnapshot;
import dev.headway.StepStatus;
import dev.headway.spi.DurationHistogram;
import dev.headway.spi.JobStatsBuilder;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * What {@code stats} reads, and the rows it reads besides the jobs': the counted steps of each ended job, in
 * {@code <prefix>job_steps}, with a copy of the job's owner, tenant, type, parent and end so that both queries
 * filter the same way on an index of their own table. Durations are grouped by {@link DurationHistogram} bucket,
 * computed here and stored with the row, so the database only counts and sums.
 */
public final class StatsSql {
  /**
   * The statuses of active jobs, which have no end and so are not in the range by end anyway; the condition keeps a
   * stray row out of the counts. NOT IN, so that no planner reads it as a range of the status index (H2 did: a scan
   * of every ended job's row).
   */
  private static final String ACTIVE = Arrays.stream(JobStatus.values())
      .filter(s -> !s.isTerminal())
      .map(s -> "'" + s.wireName() + "'")
      .collect(Collectors.joining(", "));

  private final String jobs;
  private final String stepsTable;
  private final String insertStep;

  /**
   * Renders the statements.
   *
   * @param prefix the table prefix, already checked to be a plain identifier
   */
  public StatsSql(String prefix) {
    jobs = prefix + "jobs";
    stepsTable = prefix + "job_steps";
    insertStep = "INSERT INTO " + stepsTable + " (job_id, name, outcome, duration_ms, duration_bucket, owner,"
        + " tenant, type, parent_id, completed_at) VALUES (:jobId, :name, :outcome, :durationMs, :durationBucket,"
        + " :owner, :tenant, :type, :parentId, :completedAt)";
  }

  /**
   * Stores the counted steps of jobs whose terminal state was just written, in one batch; their own duration went
   * with their row.
   *
   * @param handle a handle in the writes' transaction
   * @param ended the terminal states written; states that are not terminal are skipped
   */
  public void countSteps(Handle handle, List<JobSnapshot> ended) {
    PreparedBatch batch = null;
    for (JobSnapshot job : ended) {
      if (!job.isFinished()) {
        continue;
      }
      for (StepSnapshot step : JobStatsBuilder.countedSteps(job)) {
        Long ms = JobStatsBuilder.stepDurationMs(step);
        batch = batch != null ? batch : handle.prepareBatch(insertStep);
        batch.bind("jobId", job.id())
            .bind("name", step.name())
            .bind("outcome", step.status().wireName())
            .bindByType("durationMs", ms, Long.class)
            .bindByType("durationBucket", ms == null ? null : DurationHistogram.bucketOf(ms), Integer.class)
            .bind("owner", job.owner())
            .bind("tenant", job.tenant())
            .bind("type", job.type())
            .bind("parentId", job.parentId())
            .bindByType("completedAt", job.completedAt(), Instant.class)
            .add();
      }
    }
    if (batch != null) {
      batch.execute();
    }
  }

  /**
   * Reads the figures of the jobs that ended since a time and match a filter's owner, tenant, type and parent: two
   * grouped queries, one over the jobs and one over their counted steps.
   *
   * @param handle the handle to read on
   * @param filter which jobs; its statuses and limit are ignored
   * @param since the start of the period
   * @return the figures
   */
  public JobStats stats(Handle handle, JobFilter filter, Instant since) {
    JobStatsBuilder stats = new JobStatsBuilder(since);
    Map<String, Object> values = new LinkedHashMap<>();
    String where = where(filter, values);
    handle.createQuery("SELECT status, duration_bucket, COUNT(*), COALESCE(SUM(duration_ms), 0) FROM " + jobs
            + where + " AND status NOT IN (" + ACTIVE + ") GROUP BY status, duration_bucket")
        .bindMap(values)
        .bindByType("since", since, Instant.class)
        .reduceRows(stats, (sum, row) -> sum.jobs(JobStatus.fromWireName(row.getColumn(1, String.class)),
            row.getColumn(2, Integer.class), row.getColumn(3, Long.class), row.getColumn(4, Long.class)));
    handle.createQuery("SELECT name, outcome, duration_bucket, COUNT(*), COALESCE(SUM(duration_ms), 0) FROM "
            + stepsTable + where + " GROUP BY name, outcome, duration_bucket")
        .bindMap(values)
        .bindByType("since", since, Instant.class)
        .reduceRows(stats, (sum, row) -> sum.steps(row.getColumn(1, String.class),
            StepStatus.fromWireName(row.getColumn(2, String.class)), row.getColumn(3, Integer.class),
            row.getColumn(4, Long.class), row.getColumn(5, Long.class)));
    return stats.build();
  }

  /** Only the filter's set fields become conditions, so each combination gets a plan on its index. */
  private static String where(JobFilter filter, Map<String, Object> values) {
    List<String> conditions = JobsSql.matching(filter, values);
    conditions.add("completed_at >= :since");
    return " WHERE " + String.join(" AND ", conditions);
  }
}
