package dev.headway.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.headway.ExclusiveKeyException;
import dev.headway.JobFilter;
import dev.headway.JobSnapshot;
import dev.headway.JobStatus;
import dev.headway.testing.SnapshotBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The part of the store contract about exclusive keys: an active job holds its key against every other job, until
 * it ends or is taken over, and no sequence of races, take-overs and late writes lets two active jobs hold one key.
 * {@link JobStoreContract} runs it against every store.
 */
public interface ExclusiveKeysContract extends StoreContractSupport {

  /** Inserts a job that must lose its key to an active holder, and returns the conflict. */
  private ExclusiveKeyException conflict(JobSnapshot job, String key, String nodeId) {
    ExclusiveKeyException e =
        catchThrowableOfType(ExclusiveKeyException.class, () -> store().insert(job, key, nodeId));
    assertThat(e).as("inserting %s with key %s conflicts", job.id(), key).isNotNull();
    return e;
  }

  private ExclusiveKeyException conflict(JobSnapshot job, String key) {
    return conflict(job, key, node());
  }

  @Test
  default void anActiveJobsKeyCannotBeClaimedAndTheConflictNamesTheHolder() {
    String key = name("docs:acme/widget");
    JobSnapshot holder = runningJob().build();
    store().insert(holder, key, node());
    JobSnapshot loser = runningJob().build();

    ExclusiveKeyException e = conflict(loser, key, name("node-b"));

    assertThat(e.activeJobId()).isEqualTo(holder.id());
    assertThat(e.key()).isEqualTo(key);
    assertThat(store().find(loser.id())).as("the loser is not stored").isEmpty();
  }

  @Test
  default void aQueuedJobHoldsItsKeyToo() {
    String key = name("key");
    JobSnapshot holder = runningJob().status(JobStatus.QUEUED).startedAt(null).build();
    store().insert(holder, key, node());

    ExclusiveKeyException e = conflict(runningJob().build(), key);

    assertThat(e.activeJobId()).isEqualTo(holder.id());
  }

  @Test
  default void differentKeysAndJobsWithoutKeyDoNotConflict() {
    store().insert(runningJob().build(), name("key-a"), node());
    store().insert(runningJob().build(), name("key-b"), node());
    store().insert(runningJob().build(), null, node());
    store().insert(runningJob().build(), null, node());

    assertThat(store().list(JobFilter.owner(name("owner")))).hasSize(4);
  }

  @ParameterizedTest
  @EnumSource(value = JobStatus.class, names = {"COMPLETED", "FAILED", "CANCELLED"})
  default void aTerminalUpdateReleasesTheKeySoItCanBeClaimedAgain(JobStatus terminal) {
    String key = name("key");
    JobSnapshot holder = runningJob().build();
    store().insert(holder, key, node());

    writeApplied(ended(holder, terminal, T0.plusSeconds(5)).build());

    JobSnapshot successor = runningJob().build();
    store().insert(successor, key, node());
    assertThat(stored(successor.id())).isEqualTo(successor);
    ExclusiveKeyException e = conflict(runningJob().build(), key);
    assertThat(e.activeJobId()).as("the successor now holds the key").isEqualTo(successor.id());
  }

  @Test
  default void aNonTerminalUpdateKeepsTheKey() {
    String key = name("key");
    JobSnapshot holder = runningJob().status(JobStatus.QUEUED).startedAt(null).build();
    store().insert(holder, key, node());
    JobSnapshot started = next(holder).status(JobStatus.RUNNING).startedAt(T0.plusSeconds(1)).build();
    JobSnapshot progressed = next(started).percent(50).message("half way").build();

    writeApplied(started);
    writeApplied(progressed);

    ExclusiveKeyException e = conflict(runningJob().build(), key);
    assertThat(e.activeJobId()).isEqualTo(holder.id());
  }

  @Test
  default void aStaleTerminalUpdateIsRefusedAndKeepsTheKey() {
    String key = name("key");
    JobSnapshot holder = runningJob().version(5).build();
    store().insert(holder, key, node());

    assertThat(writeAsInserter(SnapshotBuilder.from(holder).status(JobStatus.COMPLETED)
        .completedAt(T0.plusSeconds(1)).version(5).build())).hasSize(1);

    assertThat(stored(holder.id())).isEqualTo(holder);
    ExclusiveKeyException e = conflict(runningJob().build(), key);
    assertThat(e.activeJobId()).isEqualTo(holder.id());
  }

  @Test
  default void whenManyRaceForOneKeyExactlyOneWinsAndEveryLoserLearnsTheWinner() throws Exception {
    for (int round = 0; round < raceRounds(); round++) {
      raceForOneKey(16, name("race-" + round));
    }
  }

  /** One round: {@code threads} different jobs, released together, all insert with {@code key}. */
  private void raceForOneKey(int threads, String key) throws Exception {
    List<JobSnapshot> contenders = new ArrayList<>();
    List<Callable<String>> attempts = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      JobSnapshot contender = runningJob().message("contender " + i).build();
      contenders.add(contender);
      attempts.add(() -> insertOrLoseKey(contender, key, node()));
    }

    List<String> results = race(attempts);

    List<String> winners = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      if (results.get(i).equals("won")) {
        winners.add(contenders.get(i).id());
      }
    }
    assertThat(winners).as("winners of key %s", key).hasSize(1);
    String winner = winners.get(0);
    for (int i = 0; i < threads; i++) {
      String id = contenders.get(i).id();
      if (id.equals(winner)) {
        assertThat(stored(id)).isEqualTo(contenders.get(i));
      } else {
        assertThat(results.get(i)).as("outcome of %s", id).isEqualTo("lost to " + winner);
        assertThat(store().find(id)).as("loser %s is not stored", id).isEmpty();
      }
    }
  }

  private String insertOrLoseKey(JobSnapshot job, String key, String nodeId) {
    try {
      store().insert(job, key, nodeId);
      return "won";
    } catch (ExclusiveKeyException e) {
      return "lost to " + e.activeJobId();
    }
  }

  // ---------------------------------------------------------------- keys and take-overs

  @Test
  default void aTakenOverJobReleasesItsKeyAndItsOldHolderCanNeverGetItBack() {
    String key = name("key");
    JobSnapshot abandoned = runningJob().build();
    store().insert(abandoned, key, node());
    JobSnapshot ending = takenOver(abandoned.id());

    JobSnapshot successor = runningJob().build();
    store().insert(successor, key, sweeper());

    // The old holder wakes up: it writes on, ends its job, tries to insert it again and to start another.
    List<WriteConflict> refused = new ArrayList<>(writeAsInserter(next(abandoned).percent(90).build()));
    refused.addAll(writeAsInserter(ended(abandoned, JobStatus.COMPLETED, T0.plusSeconds(9)).version(1_000).build()));
    assertThat(refused).hasSize(2).allMatch(WriteConflict::isFinal);
    assertThatIllegalArgumentException().isThrownBy(() -> store().insert(abandoned, key, node()))
        .withMessageContaining(abandoned.id());
    assertThat(conflict(runningJob().build(), key).activeJobId()).isEqualTo(successor.id());
    assertThat(stored(abandoned.id())).isEqualTo(ending);
    assertThat(stored(successor.id())).isEqualTo(successor);
  }

  @Test
  default void noRaceOfTakeOverLateWritesAndNewcomersLetsTwoActiveJobsHoldAKey() throws Exception {
    for (int round = 0; round < raceRounds(); round++) {
      raceTakeOverLateWritesAndNewcomers(name("contested-" + round));
    }
  }

  /**
   * One round: a job holding {@code key} looks stale; its sweeper, its old holder writing progress and then its end,
   * and four newcomers wanting the key all go at once. At most one active job may hold the key afterwards, and the
   * store must name that one to the next claimant.
   */
  private void raceTakeOverLateWritesAndNewcomers(String key) throws Exception {
    JobSnapshot abandoned = runningJob().build();
    store().insert(abandoned, key, node());
    JobWrite ending = abandonment(awaitStale(AT_ONCE, abandoned.id()).get(0));
    List<JobSnapshot> newcomers = new ArrayList<>();
    List<Callable<String>> attempts = new ArrayList<>();
    attempts.add(() -> store().takeOver(sweeper(), AT_ONCE, List.of(ending)).isEmpty() ? "not taken" : "taken");
    attempts.add(() -> {
      JobSnapshot progress = next(abandoned).percent(50).build();
      writeAsInserter(progress);
      writeAsInserter(ended(progress, JobStatus.COMPLETED, T0.plusSeconds(5)).build());
      return "late writes done";
    });
    for (int i = 0; i < 4; i++) {
      JobSnapshot newcomer = runningJob().message("newcomer " + i).build();
      newcomers.add(newcomer);
      attempts.add(() -> insertOrLoseKey(newcomer, key, name("node-" + newcomer.id())));
    }

    race(attempts);

    List<String> activeHolders = new ArrayList<>();
    if (!stored(abandoned.id()).isFinished()) {
      activeHolders.add(abandoned.id());
    }
    for (JobSnapshot newcomer : newcomers) {
      store().find(newcomer.id()).filter(j -> !j.isFinished()).ifPresent(j -> activeHolders.add(j.id()));
    }
    assertThat(activeHolders).as("active jobs holding key %s", key).hasSizeLessThanOrEqualTo(1);
    JobSnapshot probe = runningJob().build();
    String outcome = insertOrLoseKey(probe, key, node());
    assertThat(outcome).isEqualTo(activeHolders.isEmpty() ? "won" : "lost to " + activeHolders.get(0));
  }
}
