package dev.headway.jdbc;

import static dev.headway.testing.SnapshotBuilder.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headway.ExclusiveKeyException;
import dev.headway.JobFilter;
import dev.headway.JobSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How many statements each store operation sends: what bounds the database load of a busy tracker. */
class StatementCountTest {

  @RegisterExtension
  static final TestDatabase DATABASE = TestDatabase.h2Memory();

  private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

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

  private List<JobSnapshot> inserted(int count) {
    List<JobSnapshot> jobs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      JobSnapshot job = newJob();
      store.insert(job, null);
      jobs.add(job);
    }
    counting.reset();
    return jobs;
  }

  @Test
  void anUpdateOfManyJobsIsOneBatch() {
    List<JobSnapshot> progressed = inserted(50).stream()
        .map(j -> job().id(j.id()).createdAt(T0).startedAt(T0).updatedAt(T0).percent(50).version(2).build())
        .toList();

    store.update(progressed);

    assertThat(counting.executions()).containsExactly("executeBatch");
    assertThat(store.find(progressed.get(49).id())).contains(progressed.get(49));
  }

  @Test
  void aHeartbeatForThousandsOfJobsIsOneStatement() {
    List<String> ids = new ArrayList<>(inserted(3).stream().map(JobSnapshot::id).toList());
    for (int i = 0; i < 5000; i++) {
      ids.add(UUID.randomUUID().toString());
    }

    store.heartbeat("node-a", ids, T0.plusSeconds(60));

    assertThat(counting.executions()).hasSize(1);
    assertThat(store.findStale(T0.plusSeconds(30), 10)).isEmpty();
  }

  @Test
  void readsAndSingleWritesAreOneStatementEach() {
    JobSnapshot job = inserted(1).get(0);

    store.insert(newJob(), "key");
    store.find(job.id());
    store.list(JobFilter.owner("alice").active());
    store.replace(job.version(), job().id(job.id()).createdAt(T0).updatedAt(T0).version(2).build());
    store.findStale(T0, 10);
    store.recentRuns("article", 10);
    store.deleteEndedBefore(T0, 100);

    assertThat(counting.executions()).hasSize(7);
  }

  @Test
  void aCancelRequestReadsAndWritesInOneTransaction() {
    JobSnapshot job = inserted(1).get(0);

    store.requestCancel(job.id(), "stop", T0.plusSeconds(1));

    assertThat(counting.executions()).as("select for update, update").hasSize(2);
  }

  @Test
  void aKeyConflictCostsTwoLookUps() {
    store.insert(newJob(), "key");
    counting.reset();

    assertThatThrownBy(() -> store.insert(newJob(), "key")).isInstanceOf(ExclusiveKeyException.class);

    assertThat(counting.executions()).as("the refused insert, is the id taken, who holds the key").hasSize(3);
  }
}
