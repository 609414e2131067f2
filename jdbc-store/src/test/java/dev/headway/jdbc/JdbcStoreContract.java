package dev.headway.jdbc;

import static dev.headway.testing.SnapshotBuilder.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headway.ExclusiveKeyException;
import dev.headway.JobFilter;
import dev.headway.JobSnapshot;
import dev.headway.spi.JobStore;
import dev.headway.spi.JobStoreContract;
import dev.headway.testing.SnapshotBuilder;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The store contract against a real database, plus what a SQL store can get wrong that an in-memory one cannot:
 * the last sign of life kept in its own column, the cancel request columns, text the database could mangle, and
 * failures of the database.
 */
abstract class JdbcStoreContract extends JobStoreContract {

  private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

  private final String owner = "owner-" + UUID.randomUUID();

  /** The database of the concrete test class. */
  protected abstract TestDatabase database();

  @Override
  protected JobStore newStore() {
    try {
      return database().cleanStore();
    } catch (SQLException e) {
      throw new IllegalStateException("could not clean the jobs table", e);
    }
  }

  /** Each round is sixteen real inserts; thirty rounds hit the race often enough. */
  @Override
  protected int keyRaceRounds() {
    return 30;
  }

  private JobSnapshot.Builder running() {
    return job().id(newId()).owner(owner).createdAt(T0).startedAt(T0).updatedAt(T0);
  }

  // ---------------------------------------------------------------- heartbeats and stale jobs

  @Test
  void aHeartbeatKeepsAnActiveJobFromLookingStale() {
    JobSnapshot job = inserted(running());
    assertThat(ids(store.findStale(T0.plusSeconds(60), 10))).containsExactly(job.id());

    store.heartbeat("node-a", List.of(job.id()), T0.plusSeconds(120));

    assertThat(store.findStale(T0.plusSeconds(60), 10)).isEmpty();
    assertThat(store.findStale(T0.plusSeconds(120), 10)).as("the cutoff is exclusive").isEmpty();
    assertThat(store.findStale(T0.plusSeconds(121), 10)).containsExactly(job);
    assertThat(stored(job.id())).as("a heartbeat does not change the snapshot").isEqualTo(job);
  }

  @Test
  void aWriteOlderThanTheLastHeartbeatLeavesTheHeartbeatAsTheSignOfLife() {
    JobSnapshot job = inserted(running());
    store.heartbeat("node-a", List.of(job.id()), T0.plusSeconds(100));

    store.update(List.of(SnapshotBuilder.from(job).version(2).percent(10).updatedAt(T0.plusSeconds(50)).build()));

    assertThat(store.findStale(T0.plusSeconds(90), 10)).isEmpty();
    assertThat(ids(store.findStale(T0.plusSeconds(101), 10))).containsExactly(job.id());
  }

  // ---------------------------------------------------------------- compare-and-set

  @Test
  void aReplaceMustCarryAVersionAboveTheExpectedOne() {
    JobSnapshot job = inserted(running().version(2));

    assertThatIllegalArgumentException().isThrownBy(() -> store.replace(2, job))
        .withMessage("the new version 2 must be above the expected 2");
    assertThat(stored(job.id())).isEqualTo(job);
  }

  // ---------------------------------------------------------------- cancel request columns

  @Test
  void aCancelRequestInAnInsertedSnapshotSurvivesWritesThatDoNotCarryIt() {
    JobSnapshot job = inserted(running().cancelRequested(true).cancelReason("at once"));

    store.update(List.of(SnapshotBuilder.from(job).version(2).cancelRequested(false).cancelReason(null).build()));

    assertThat(stored(job.id()).cancelRequested()).isTrue();
    assertThat(stored(job.id()).cancelReason()).isEqualTo("at once");
  }

  @Test
  void aSecondCancelRequestWithoutAReasonKeepsTheFirstReason() {
    JobSnapshot job = inserted(running());
    store.requestCancel(job.id(), "first", T0.plusSeconds(1));

    JobSnapshot second = store.requestCancel(job.id(), null, T0.plusSeconds(2)).orElseThrow();

    assertThat(second.cancelReason()).isEqualTo("first");
    assertThat(stored(job.id())).isEqualTo(second);
  }

  @Test
  void aWrittenReasonReplacesTheRecordedOne() {
    JobSnapshot job = inserted(running());
    JobSnapshot requested = store.requestCancel(job.id(), "first", T0.plusSeconds(1)).orElseThrow();

    store.update(List.of(SnapshotBuilder.from(requested).version(requested.version() + 1).cancelReason("second")
        .build()));

    assertThat(stored(job.id()).cancelReason()).isEqualTo("second");
    assertThat(store.list(JobFilter.owner(owner))).extracting(JobSnapshot::cancelReason).containsExactly("second");
  }

  // ---------------------------------------------------------------- text the database could mangle

  @Test
  void textThatDatabasesMangleComesBackExactly() {
    char[] big = new char[60_000];
    Arrays.fill(big, 'x');
    JobSnapshot job = running()
        // A lone surrogate: a message cut in the middle of an emoji. Also NUL, which PostgreSQL text refuses.
        .message("cut \uD83D here, nul \u0000 there, tab\t, emoji 🚀")
        .result("{\"text\": \"" + new String(big) + "\"}")
        .attribute("quote", "it's \"quoted\" -- not a comment; DROP TABLE")
        .build();

    store.insert(job, null);

    assertThat(stored(job.id())).isEqualTo(job);
  }

  // ---------------------------------------------------------------- failures and arguments

  @Test
  void aDatabaseFailureNamesTheOperationAndKeepsTheCause() {
    // Trusted to exist, but never created: every statement fails.
    JdbcJobStore broken = database().track(database().builder(database().newPrefix()).schema(SchemaMode.NONE).build());
    JobSnapshot job = running().build();

    assertThatThrownBy(() -> broken.find(job.id()))
        .isInstanceOf(JdbcStoreException.class)
        .hasMessageStartingWith("could not find job " + job.id() + ": ")
        .hasCauseInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> broken.insert(job, "key"))
        .isInstanceOf(JdbcStoreException.class)
        .hasMessageStartingWith("could not insert job " + job.id());
    assertThatThrownBy(() -> broken.update(List.of(job)))
        .isInstanceOf(JdbcStoreException.class)
        .hasMessageStartingWith("could not update 1 jobs");
    assertThatThrownBy(() -> broken.requestCancel(job.id(), null, T0))
        .isInstanceOf(JdbcStoreException.class)
        .hasMessageStartingWith("could not request cancel of job " + job.id());
    assertThatThrownBy(() -> broken.heartbeat("node", List.of(job.id()), T0))
        .isInstanceOf(JdbcStoreException.class)
        .hasMessageStartingWith("could not record a heartbeat for 1 jobs");
  }

  @Test
  void aFailedKeyConflictIsNotMistakenForAStoreFailure() {
    String key = "key-" + UUID.randomUUID();
    JobSnapshot holder = running().build();
    store.insert(holder, key);

    assertThatThrownBy(() -> store.insert(running().build(), key))
        .isExactlyInstanceOf(ExclusiveKeyException.class)
        .hasMessageContaining(holder.id());
  }

  @Test
  void nullArgumentsAreRejectedNamingTheArgument() {
    assertThatNullPointerException().isThrownBy(() -> store.insert(null, "key")).withMessage("job");
    assertThatNullPointerException().isThrownBy(() -> store.update(null)).withMessage("jobs");
    assertThatNullPointerException().isThrownBy(() -> store.update(Arrays.asList(running().build(), null)))
        .withMessageContaining("jobs");
    assertThatNullPointerException().isThrownBy(() -> store.replace(1, null)).withMessage("next");
    assertThatNullPointerException().isThrownBy(() -> store.find(null)).withMessage("id");
    assertThatNullPointerException().isThrownBy(() -> store.list(null)).withMessage("filter");
    assertThatNullPointerException().isThrownBy(() -> store.requestCancel(null, "r", T0)).withMessage("id");
    assertThatNullPointerException().isThrownBy(() -> store.requestCancel("x", "r", null)).withMessage("at");
    assertThatNullPointerException().isThrownBy(() -> store.heartbeat(null, List.of(), T0)).withMessage("nodeId");
    assertThatNullPointerException().isThrownBy(() -> store.heartbeat("n", null, T0)).withMessage("ids");
    assertThatNullPointerException().isThrownBy(() -> store.heartbeat("n", List.of(), null)).withMessage("at");
    assertThatNullPointerException().isThrownBy(() -> store.findStale(null, 1)).withMessage("before");
    assertThatNullPointerException().isThrownBy(() -> store.recentRuns(null, 1)).withMessage("type");
    assertThatNullPointerException().isThrownBy(() -> store.deleteEndedBefore(null, 1)).withMessage("cutoff");
  }

  @Test
  void negativeLimitsAreRejected() {
    assertThatIllegalArgumentException().isThrownBy(() -> store.findStale(T0, -1)).withMessageContaining("-1");
    assertThatIllegalArgumentException().isThrownBy(() -> store.recentRuns("article", -1))
        .withMessageContaining("-1");
    assertThatIllegalArgumentException().isThrownBy(() -> store.deleteEndedBefore(T0, -1))
        .withMessageContaining("-1");
  }
}
