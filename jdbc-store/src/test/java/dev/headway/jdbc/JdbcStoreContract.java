package dev.headway.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headway.ExclusiveKeyException;
import dev.headway.JobFilter;
import dev.headway.JobSnapshot;
import dev.headway.spi.JobStore;
import dev.headway.spi.JobStoreContract;
import dev.headway.spi.JobWrite;
import dev.headway.spi.StoredJob;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The store contract against a real database, plus what a SQL store can get wrong that an in-memory one cannot:
 * the clock its signs of life are judged by, the cancel request columns, text the database could mangle, and
 * failures of the database.
 */
abstract class JdbcStoreContract extends JobStoreContract {

  /** Far longer than a test takes, far shorter than the skew the tests give their snapshots' times. */
  private static final Duration A_MINUTE = Duration.ofMinutes(1);

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

  /** Each round is a few real statements; thirty rounds hit the race often enough. */
  @Override
  public int raceRounds() {
    return 30;
  }

  private List<String> staleIds(Duration staleAfter) {
    return store.findStale(staleAfter, 10_000).stream().map(found -> found.state().id()).toList();
  }

  // ---------------------------------------------------------------- one clock: the database's

  @Test
  void aSnapshotTimedAnHourAgoIsNotStaleRightAfterItsInsertOrWrite() {
    Instant anHourAgo = Instant.now().minus(AN_HOUR).truncatedTo(ChronoUnit.MICROS);
    JobSnapshot job = inserted(runningJob().createdAt(anHourAgo).startedAt(anHourAgo).updatedAt(anHourAgo));

    assertThat(staleIds(A_MINUTE)).as("after the insert").doesNotContain(job.id());

    awaitStale(AT_ONCE, job.id());
    writeApplied(next(job).percent(10).updatedAt(anHourAgo).build());

    assertThat(staleIds(A_MINUTE)).as("after a write").doesNotContain(job.id());
  }

  @Test
  void aSnapshotTimedAnHourAheadDoesNotKeepItsJobAlive() {
    Instant inAnHour = Instant.now().plus(AN_HOUR).truncatedTo(ChronoUnit.MICROS);
    JobSnapshot job = inserted(runningJob().updatedAt(inAnHour));
    writeApplied(next(job).percent(10).updatedAt(inAnHour).build());

    assertThat(awaitStale(AT_ONCE, job.id())).extracting(found -> found.state().id()).containsExactly(job.id());
  }

  @Test
  void aCancelRequestIsNoSignOfLifeAndKeepsTheHolderAndEpoch() {
    JobSnapshot job = inserted(runningJob());
    awaitStale(AT_ONCE, job.id());

    JobSnapshot requested = store.requestCancel(job.id(), "stop", Instant.now()).orElseThrow();

    assertThat(store.findStale(AT_ONCE, 10_000)).as("stale still, held by its inserter")
        .contains(new StoredJob(requested, node(), JobWrite.FIRST_EPOCH));
  }

  @Test
  void aStaleAfterBeyondWhatTheDatabaseCanCountFindsAndTakesNothing() {
    JobSnapshot job = inserted(runningJob());
    JobWrite ending = abandonment(awaitStale(AT_ONCE, job.id()).get(0));
    Duration forever = ChronoUnit.FOREVER.getDuration();

    assertThat(store.findStale(forever, 10)).isEmpty();
    assertThat(store.takeOver(sweeper(), forever, List.of(ending))).isEmpty();
    assertThat(staleIds(forever.negated())).containsExactly(job.id());
  }

  // ---------------------------------------------------------------- cancel request columns

  @Test
  void aCancelRequestInAnInsertedSnapshotSurvivesWritesThatDoNotCarryIt() {
    JobSnapshot job = inserted(runningJob().cancelRequested(true).cancelReason("at once"));

    writeApplied(next(job).cancelRequested(false).cancelReason(null).build());

    assertThat(stored(job.id()).cancelRequested()).isTrue();
    assertThat(stored(job.id()).cancelReason()).isEqualTo("at once");
  }

  @Test
  void aSecondCancelRequestWithoutAReasonKeepsTheFirstReason() {
    JobSnapshot job = inserted(runningJob());
    store.requestCancel(job.id(), "first", T0.plusSeconds(1));

    JobSnapshot second = store.requestCancel(job.id(), null, T0.plusSeconds(2)).orElseThrow();

    assertThat(second.cancelReason()).isEqualTo("first");
    assertThat(stored(job.id())).isEqualTo(second);
  }

  @Test
  void aWrittenReasonReplacesTheRecordedOne() {
    JobSnapshot job = inserted(runningJob());
    JobSnapshot requested = store.requestCancel(job.id(), "first", T0.plusSeconds(1)).orElseThrow();

    writeApplied(next(requested).cancelReason("second").build());

    assertThat(stored(job.id()).cancelReason()).isEqualTo("second");
    assertThat(store.list(JobFilter.owner(job.owner()))).extracting(JobSnapshot::cancelReason)
        .containsExactly("second");
  }

  // ---------------------------------------------------------------- text the database could mangle

  @Test
  void textThatDatabasesMangleComesBackExactly() {
    char[] big = new char[60_000];
    Arrays.fill(big, 'x');
    JobSnapshot job = runningJob()
        // A lone surrogate: a message cut in the middle of an emoji. Also NUL, which PostgreSQL text refuses.
        .message("cut \uD83D here, nul \u0000 there, tab\t, emoji 🚀")
        .result("{\"text\": \"" + new String(big) + "\"}")
        .attribute("quote", "it's \"quoted\" -- not a comment; DROP TABLE")
        .build();

    store.insert(job, null, node());

    assertThat(stored(job.id())).isEqualTo(job);
  }

  @Test
  void keysOwnersAndIdsCompareExactlyWithTrailingSpacesAndCase() {
    String key = name("key");
    JobSnapshot holder = runningJob().owner(name("bob")).build();
    JobSnapshot spaced = runningJob().owner(name("bob") + " ").build();
    JobSnapshot upper = runningJob().owner(name("BOB")).build();

    store.insert(holder, key, node());
    store.insert(spaced, key + " ", node());
    store.insert(upper, key.toUpperCase(Locale.ROOT), node());

    assertThat(store.list(JobFilter.owner(holder.owner()))).extracting(JobSnapshot::id).containsExactly(holder.id());
    assertThat(store.list(JobFilter.owner(spaced.owner()))).extracting(JobSnapshot::id).containsExactly(spaced.id());
    assertThat(store.find(holder.id() + " ")).isEmpty();
    assertThat(store.find(holder.id().toUpperCase(Locale.ROOT))).isEmpty();
  }

  // ---------------------------------------------------------------- failures and arguments

  @Test
  void aDatabaseFailureNamesTheOperationAndKeepsTheCause() {
    // Trusted to exist, but never created: every statement fails.
    JdbcJobStore broken = database().track(database().builder(database().newPrefix()).schema(SchemaMode.NONE).build());
    JobSnapshot job = runningJob().build();
    List<JobWrite> writes = List.of(JobWrite.first(job));

    assertThatThrownBy(() -> broken.find(job.id()))
        .isInstanceOf(JdbcStoreException.class)
        .hasMessageStartingWith("could not find job " + job.id() + ": ")
        .hasCauseInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> broken.insert(job, "key", node()))
        .isInstanceOf(JdbcStoreException.class)
        .hasMessageStartingWith("could not insert job " + job.id());
    assertThatThrownBy(() -> broken.update(writes))
        .isInstanceOf(JdbcStoreException.class)
        .hasMessageStartingWith("could not update 1 jobs");
    assertThatThrownBy(() -> broken.takeOver(sweeper(), AT_ONCE, writes))
        .isInstanceOf(JdbcStoreException.class)
        .hasMessageStartingWith("could not take over 1 jobs");
    assertThatThrownBy(() -> broken.requestCancel(job.id(), null, T0))
        .isInstanceOf(JdbcStoreException.class)
        .hasMessageStartingWith("could not request cancel of job " + job.id());
    assertThatThrownBy(() -> broken.heartbeat(node(), List.of(job.id())))
        .isInstanceOf(JdbcStoreException.class)
        .hasMessageStartingWith("could not record a heartbeat for 1 jobs");
    assertThatThrownBy(() -> broken.findStale(AT_ONCE, 1))
        .isInstanceOf(JdbcStoreException.class)
        .hasMessageStartingWith("could not find stale jobs");
  }

  @Test
  void aFailedKeyConflictIsNotMistakenForAStoreFailure() {
    String key = name("key");
    JobSnapshot holder = runningJob().build();
    store.insert(holder, key, node());

    assertThatThrownBy(() -> store.insert(runningJob().build(), key, node()))
        .isExactlyInstanceOf(ExclusiveKeyException.class)
        .hasMessageContaining(holder.id());
  }

  @Test
  void nullArgumentsAreRejectedNamingTheArgument() {
    JobWrite write = JobWrite.first(runningJob().build());
    assertThatNullPointerException().isThrownBy(() -> store.insert(null, "key", node())).withMessage("job");
    assertThatNullPointerException().isThrownBy(() -> store.insert(write.state(), "key", null))
        .withMessage("nodeId");
    assertThatNullPointerException().isThrownBy(() -> store.update(null)).withMessage("writes");
    assertThatNullPointerException().isThrownBy(() -> store.update(Arrays.asList(write, null)))
        .withMessage("writes must not contain null");
    assertThatNullPointerException().isThrownBy(() -> store.takeOver(null, AT_ONCE, List.of()))
        .withMessage("nodeId");
    assertThatNullPointerException().isThrownBy(() -> store.takeOver(sweeper(), null, List.of()))
        .withMessage("staleAfter");
    assertThatNullPointerException().isThrownBy(() -> store.takeOver(sweeper(), AT_ONCE, null))
        .withMessage("endings");
    assertThatNullPointerException().isThrownBy(() -> store.takeOver(sweeper(), AT_ONCE, Arrays.asList(write, null)))
        .withMessage("endings must not contain null");
    assertThatNullPointerException().isThrownBy(() -> store.find(null)).withMessage("id");
    assertThatNullPointerException().isThrownBy(() -> store.list(null)).withMessage("filter");
    assertThatNullPointerException().isThrownBy(() -> store.requestCancel(null, "r", T0)).withMessage("id");
    assertThatNullPointerException().isThrownBy(() -> store.requestCancel("x", "r", null)).withMessage("at");
    assertThatNullPointerException().isThrownBy(() -> store.heartbeat(null, List.of())).withMessage("nodeId");
    assertThatNullPointerException().isThrownBy(() -> store.heartbeat(node(), null)).withMessage("ids");
    assertThatNullPointerException().isThrownBy(() -> store.findStale(null, 1)).withMessage("staleAfter");
    assertThatNullPointerException().isThrownBy(() -> store.recentRuns(null, 1)).withMessage("type");
    assertThatNullPointerException().isThrownBy(() -> store.deleteEndedBefore(null, 1)).withMessage("cutoff");
  }

  @Test
  void negativeLimitsAreRejected() {
    assertThatIllegalArgumentException().isThrownBy(() -> store.findStale(AT_ONCE, -1)).withMessageContaining("-1");
    assertThatIllegalArgumentException().isThrownBy(() -> store.recentRuns("article", -1))
        .withMessageContaining("-1");
    assertThatIllegalArgumentException().isThrownBy(() -> store.deleteEndedBefore(T0, -1))
        .withMessageContaining("-1");
  }
}
