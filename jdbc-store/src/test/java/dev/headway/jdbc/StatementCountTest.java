package dev.headway.jdbc;

import static dev.headway.testing.SnapshotBuilder.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headway.ExclusiveKeyException;
import dev.headway.JobFilter;
import dev.headway.JobSnapshot;
import dev.headway.JobStatus;
import dev.headway.LogLevel;
import dev.headway.LogLine;
import dev.headway.StepSnapshot;
import dev.headway.StepStatus;
import dev.headway.spi.JobWrite;
import dev.headway.spi.LogAppend;
import dev.headway.spi.StoredJob;
import dev.headway.spi.WriteConflict;
import dev.headway.testing.SnapshotBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How many statements each store operation sends: what bounds the database load of a busy tracker. */
class StatementCountTest {

  @RegisterExtension
  static final TestDatabase DATABASE = TestDatabase.h2Memory();

  private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
  private static final String NODE = "node-a";
  private static final Duration AT_ONCE = Duration.ofMillis(1);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private CountingDataSource counting;
  private JdbcJobStore store;

  @BeforeEach
  void setUp() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL(DATABASE.url());
    counting = new CountingDataSource(h2);
    store = DATABASE.track(JdbcJobStore.builder().dataSource(counting).tablePrefix(DATABASE.newPrefix()).build());
    counting.reset();
  }

  private static JobSnapshot newJob() {
    return job().id(UUID.randomUUID().toString()).createdAt(T0).startedAt(T0).updatedAt(T0).build();
  }

  private static JobSnapshot progressed(JobSnapshot job) {
    return SnapshotBuilder.from(job).percent(50).version(job.version() + 1).build();
  }

  private List<JobSnapshot> inserted(int count) {
    List<JobSnapshot> jobs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      JobSnapshot job = newJob();
      store.insert(job, null, NODE);
      jobs.add(job);
    }
    counting.reset();
    return jobs;
  }

  /** Waits, polling, until the store finds at least {@code count} jobs stale at once. */
  private List<StoredJob> awaitStale(int count) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    List<StoredJob> stale = store.findStale(AT_ONCE, count);
    while (stale.size() < count) {
      assertThat(System.nanoTime() - deadline).as("waiting for %d stale jobs", count).isNegative();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
      stale = store.findStale(AT_ONCE, count);
    }
    counting.reset();
    return stale;
  }

  @Test
  void anUpdateOfManyJobsIsOneBatch() {
    List<JobWrite> writes = inserted(50).stream().map(j -> JobWrite.first(progressed(j))).toList();

    assertThat(store.update(writes)).isEmpty();

    assertThat(counting.executions()).containsExactly("executeBatch");
    assertThat(store.find(writes.get(49).state().id())).contains(writes.get(49).state());
  }

  @Test
  void logLinesDropsAndCountedStepsOfManyWritesAreOneBatchEach() {
    List<JobSnapshot> jobs = inserted(50);
    List<JobWrite> writes = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      JobSnapshot.Builder next = SnapshotBuilder.from(jobs.get(i)).version(2).logSeq(3);
      if (i % 2 == 0) {
        next.status(JobStatus.COMPLETED).completedAt(T0.plusSeconds(9)).steps(List.of(
            new StepSnapshot("a", 1, StepStatus.COMPLETED, 100, null, null, null, T0, T0.plusSeconds(4), null),
            new StepSnapshot("b", 1, StepStatus.COMPLETED, 100, null, null, null, T0, T0.plusSeconds(9), null)));
      }
      String id = jobs.get(i).id();
      List<LogLine> lines = List.of(new LogLine(id, 1, null, LogLevel.INFO, T0, "one"),
          new LogLine(id, 2, "a", LogLevel.INFO, T0, "two"), new LogLine(id, 3, "a", LogLevel.INFO, T0, "three"));
      writes.add(new JobWrite(next.build(), JobWrite.FIRST_EPOCH, new LogAppend(lines, Map.of("a", 1L, "", 1L))));
    }

    assertThat(store.update(writes)).isEmpty();

    assertThat(counting.executions()).as("the states, the drops, the lines, the steps")
        .containsExactly("executeBatch", "executeBatch", "executeBatch", "executeBatch");
    counting.reset();
    assertThat(store.readLog(jobs.get(0).id(), 0, 10)).hasSize(3);
    assertThat(store.stats(JobFilter.owner(jobs.get(0).owner()), T0).completed()).isEqualTo(25);
    assertThat(counting.executions()).as("the log, the jobs, the steps").hasSize(3);
  }

  @Test
  void anUpdateWithConflictsIsOneBatchAndOneReadBack() {
    List<JobSnapshot> jobs = inserted(50);
    List<JobWrite> writes = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      // Every fifth write is made at an epoch the writer does not hold.
      long epoch = i % 5 == 0 ? JobWrite.FIRST_EPOCH + 1 : JobWrite.FIRST_EPOCH;
      writes.add(new JobWrite(progressed(jobs.get(i)), epoch));
    }

    List<WriteConflict> conflicts = store.update(writes);

    assertThat(conflicts).hasSize(10).allSatisfy(c -> assertThat(c.stored().epoch()).isEqualTo(JobWrite.FIRST_EPOCH));
    assertThat(counting.executions()).as("the batch, the read back").hasSize(2).startsWith("executeBatch");
  }

  @Test
  void aHeartbeatForThousandsOfJobsIsOneStatement() {
    List<String> ids = new ArrayList<>(inserted(3).stream().map(JobSnapshot::id).toList());
    for (int i = 0; i < 5000; i++) {
      ids.add(UUID.randomUUID().toString());
    }

    store.heartbeat(NODE, ids);

    assertThat(counting.executions()).hasSize(1);
  }

  @Test
  void takingOverThousandsOfJobsIsOneBatchAndOneReadBack() {
    inserted(2000);
    List<JobWrite> endings = awaitStale(2000).stream()
        .map(found -> new JobWrite(SnapshotBuilder.from(found.state()).status(JobStatus.FAILED)
            .completedAt(T0.plusSeconds(60)).version(found.state().version() + 1).build(), found.epoch()))
        .toList();

    List<JobSnapshot> written = store.takeOver("node-b", AT_ONCE, endings);

    assertThat(written).hasSize(2000);
    assertThat(counting.executions()).as("the batch, the read back").hasSize(2).startsWith("executeBatch");
  }

  @Test
  void readsAndSingleWritesAreOneStatementEach() {
    JobSnapshot job = inserted(1).get(0);

    store.insert(newJob(), "key", NODE);
    store.find(job.id());
    store.list(JobFilter.owner("alice").active());
    store.findStale(AT_ONCE, 10);
    store.recentRuns("article", 10);
    store.deleteEndedBefore(T0, 100);

    assertThat(counting.executions()).hasSize(6);
  }

  @Test
  void aCancelRequestReadsAndWritesInOneTransaction() {
    JobSnapshot job = inserted(1).get(0);

    store.requestCancel(job.id(), "stop", T0.plusSeconds(1));

    assertThat(counting.executions()).as("select for update, update").hasSize(2);
  }

  @Test
  void aKeyConflictCostsTwoLookUps() {
    store.insert(newJob(), "key", NODE);
    counting.reset();

    assertThatThrownBy(() -> store.insert(newJob(), "key", NODE)).isInstanceOf(ExclusiveKeyException.class);

    assertThat(counting.executions()).as("the refused insert, is the id taken, who holds the key").hasSize(3);
  }
}
