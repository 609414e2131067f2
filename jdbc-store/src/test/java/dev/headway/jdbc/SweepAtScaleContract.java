package dev.headway.jdbc;

import static dev.headway.testing.SnapshotBuilder.job;
import static org.assertj.core.api.Assertions.assertThat;

import dev.headway.JobSnapshot;
import dev.headway.ProgressTracker;
import dev.headway.jdbc.testing.DatabaseTime;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Ten thousand jobs of a node that died are all ended by a live node's sweeper, judged on the database's clock, on a
 * real database. How long it takes is a measurement, not a test (it depends on the machine's load): BENCHMARKS.md,
 * "Sweeping the jobs of a dead node"; the time is printed here for the curious.
 */
abstract class SweepAtScaleContract {
  private static final int JOBS = 10_000;
  private static final Duration HEARTBEAT = Duration.ofMillis(500);
  private static final Duration STALE_AFTER = Duration.ofSeconds(1);

  protected abstract TestDatabase database();

  @Test
  void tenThousandDeadJobsAreAllEndedFailedByALiveNode() throws Exception {
    String prefix = database().newPrefix();
    JdbcJobStore dead = database().track(database().builder(prefix).build());
    insertAsDeadNode(dead);
    long lastSignOfLife = System.nanoTime();

    JdbcJobStore alive = database().track(database().builder(prefix).build());
    ProgressTracker sweeper = ProgressTracker.builder().store(alive).nodeId("sweeper")
        .heartbeatInterval(HEARTBEAT).staleAfter(STALE_AFTER).build();
    try {
      DatabaseTime.await("all swept", Duration.ofMinutes(1), () -> active(prefix) == 0, () -> { });
    } finally {
      sweeper.close();
    }
    Duration took = Duration.ofNanos(System.nanoTime() - lastSignOfLife);
    System.out.printf("swept %,d dead jobs %d ms after their last sign of life (staleAfter %d ms, heartbeat %d ms)%n",
        JOBS, took.toMillis(), STALE_AFTER.toMillis(), HEARTBEAT.toMillis());
    assertThat(database().queryLong("SELECT COUNT(*) FROM " + prefix + "jobs WHERE status = 'failed'"))
        .isEqualTo(JOBS);
  }

  private static void insertAsDeadNode(JdbcJobStore store) throws Exception {
    Instant now = Instant.now();
    ExecutorService inserters = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        done.add(inserters.submit(() -> {
          for (int i = 0; i < JOBS / 4; i++) {
            JobSnapshot job = job().id(UUID.randomUUID().toString()).createdAt(now).startedAt(now).updatedAt(now)
                .build();
            store.insert(job, null, "dead-node");
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      inserters.shutdown();
    }
  }

  private long active(String prefix) {
    try {
      return database().queryLong("SELECT COUNT(*) FROM " + prefix + "jobs WHERE status IN ('queued', 'running')");
    } catch (SQLException e) {
      throw new IllegalStateException("could not count the active jobs", e);
    }
  }
}
