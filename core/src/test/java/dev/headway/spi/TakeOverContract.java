package dev.headway.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headway.JobSnapshot;
import dev.headway.JobStatus;
import dev.headway.testing.SnapshotBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The part of the store contract about taking over abandoned jobs: one compare-and-set per job that only a job
 * still active, still at the epoch it was found at and still stale can pass, that exactly one of many sweepers
 * passes, and that fences the old holder off for good. {@link JobStoreContract} runs it against every store.
 */
public interface TakeOverContract extends StoreContractSupport {

  /** The epoch of a job's first take-over. */
  long TAKEN_OVER_EPOCH = JobWrite.FIRST_EPOCH + 1;

  /** Returns a job as stored, holder and epoch included, learnt from a write the ended job must refuse. */
  private StoredJob storedEnded(String id) {
    JobWrite probe = JobWrite.first(next(stored(id)).version(Long.MAX_VALUE / 2).build());
    List<WriteConflict> conflicts = store().update(List.of(probe));
    assertThat(conflicts).as("a write to the ended job %s", id).hasSize(1);
    return conflicts.get(0).stored();
  }

  @Test
  default void aTakeOverWritesTheEndingAndMakesTheSweeperTheHolderAtTheNextEpoch() {
    JobSnapshot job = inserted(runningJob());
    StoredJob found = awaitStale(AT_ONCE, job.id()).get(0);
    JobWrite ending = abandonment(found);

    List<JobSnapshot> written = store().takeOver(sweeper(), AT_ONCE, List.of(ending));

    assertThat(written).containsExactly(ending.state());
    assertThat(stored(job.id())).isEqualTo(ending.state());
    assertThat(storedEnded(job.id())).isEqualTo(new StoredJob(ending.state(), sweeper(), TAKEN_OVER_EPOCH));
    assertThat(store().findStale(AT_ONCE, 100)).as("an ended job is never stale").isEmpty();
  }

  @Test
  default void theOldHoldersLaterWritesAndHeartbeatsAreRefusedForGoodWhateverTheyCarry() {
    JobSnapshot job = inserted(runningJob());
    JobSnapshot ending = takenOver(job.id());
    StoredJob truth = new StoredJob(ending, sweeper(), TAKEN_OVER_EPOCH);

    for (JobStatus status : JobStatus.values()) {
      JobWrite late = JobWrite.first(SnapshotBuilder.from(job).status(status).version(Long.MAX_VALUE / 2)
          .completedAt(status == JobStatus.QUEUED || status == JobStatus.RUNNING ? null : T0.plusSeconds(99))
          .message("the old holder's " + status).build());

      assertThat(store().update(List.of(late))).as("the old holder writes %s", status)
          .containsExactly(new WriteConflict(late, truth))
          .allMatch(WriteConflict::isFinal);
    }
    store().heartbeat(node(), List.of(job.id()));

    assertThat(stored(job.id())).isEqualTo(ending);
    assertThat(store().findStale(AT_ONCE, 100)).isEmpty();
  }

  @Test
  default void exactlyOneOfManyConcurrentSweepersTakesAJobOver() throws Exception {
    for (int round = 0; round < raceRounds(); round++) {
      JobSnapshot job = inserted(runningJob());
      JobWrite ending = abandonment(awaitStale(AT_ONCE, job.id()).get(0));
      List<String> sweepers = new ArrayList<>();
      List<Callable<List<JobSnapshot>>> attempts = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String sweeperNode = name("sweeper-" + i);
        sweepers.add(sweeperNode);
        attempts.add(() -> store().takeOver(sweeperNode, AT_ONCE, List.of(ending)));
      }

      List<List<JobSnapshot>> results = race(attempts);

      List<String> winners = new ArrayList<>();
      for (int i = 0; i < sweepers.size(); i++) {
        if (!results.get(i).isEmpty()) {
          assertThat(results.get(i)).containsExactly(ending.state());
          winners.add(sweepers.get(i));
        }
      }
      assertThat(winners).as("sweepers that took %s over", job.id()).hasSize(1);
      assertThat(storedEnded(job.id())).isEqualTo(new StoredJob(ending.state(), winners.get(0), TAKEN_OVER_EPOCH));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"heartbeat", "write"})
  default void aJobGivenASignOfLifeAfterItWasFoundStaleIsNotTaken(String signOfLife) {
    JobSnapshot job = inserted(runningJob());
    StoredJob found = awaitStale(QUIET, job.id()).get(0);
    JobWrite ending = abandonment(found);
    // Far ahead, so only the sign of life can stop the take-over, not the written version.
    JobWrite farAhead = new JobWrite(next(ending.state()).version(1_000).build(), ending.epoch());
    JobSnapshot alive = job;
    if (signOfLife.equals("heartbeat")) {
      store().heartbeat(node(), List.of(job.id()));
    } else {
      alive = next(job).percent(60).build();
      writeApplied(alive);
    }

    assertThat(store().takeOver(sweeper(), QUIET, List.of(farAhead))).isEmpty();

    assertThat(stored(job.id())).isEqualTo(alive);
    writeApplied(next(alive).percent(70).build());
  }

  @Test
  default void aTakeOverAtAnotherEpochIsNotWritten() {
    JobSnapshot job = inserted(runningJob());
    JobWrite ending = abandonment(awaitStale(AT_ONCE, job.id()).get(0));

    assertThat(store().takeOver(sweeper(), AT_ONCE, List.of(new JobWrite(ending.state(), TAKEN_OVER_EPOCH)))).isEmpty();
    assertThat(stored(job.id())).isEqualTo(job);

    assertThat(store().takeOver(sweeper(), AT_ONCE, List.of(ending))).containsExactly(ending.state());
    JobWrite again = new JobWrite(next(ending.state()).build(), TAKEN_OVER_EPOCH);
    assertThat(store().takeOver(name("sweeper-2"), AT_ONCE, List.of(again))).as("an ended job is taken no more")
        .isEmpty();
    assertThat(storedEnded(job.id())).isEqualTo(new StoredJob(ending.state(), sweeper(), TAKEN_OVER_EPOCH));
  }

  @Test
  default void aBatchTakesOverExactlyTheJobsStillStaleAtTheirEpoch() {
    JobSnapshot first = inserted(runningJob());
    JobSnapshot second = inserted(runningJob().status(JobStatus.QUEUED).startedAt(null));
    JobSnapshot revived = inserted(runningJob());
    JobSnapshot endedByHolder = inserted(runningJob());
    List<JobWrite> endings = new ArrayList<>();
    for (StoredJob found : awaitStale(QUIET, first.id(), second.id(), revived.id(), endedByHolder.id())) {
      endings.add(abandonment(found));
    }
    endings.add(JobWrite.first(ended(runningJob().build(), JobStatus.FAILED, T0.plusSeconds(1)).build()));
    store().heartbeat(node(), List.of(revived.id()));
    JobSnapshot holdersEnd = ended(endedByHolder, JobStatus.COMPLETED, T0.plusSeconds(2)).version(1_000).build();
    writeApplied(holdersEnd);

    List<JobSnapshot> written = store().takeOver(sweeper(), QUIET, endings);

    assertThat(ids(written)).containsExactlyInAnyOrder(first.id(), second.id());
    for (JobSnapshot state : written) {
      assertThat(stored(state.id())).isEqualTo(state).extracting(JobSnapshot::status).isEqualTo(JobStatus.FAILED);
    }
    assertThat(stored(revived.id())).isEqualTo(revived);
    assertThat(stored(endedByHolder.id())).isEqualTo(holdersEnd);
  }

  @Test
  default void aRecordedCancelRequestSurvivesATakeOver() {
    JobSnapshot job = inserted(runningJob());
    JobSnapshot requested = store().requestCancel(job.id(), "user pressed stop", T0.plusSeconds(1)).orElseThrow();
    StoredJob found = awaitStale(AT_ONCE, job.id()).get(0);
    // The sweeper's ending is built from a state that has no cancel request.
    JobSnapshot failed = SnapshotBuilder.from(abandonment(found).state()).cancelRequested(false).cancelReason(null)
        .version(requested.version() + 1).build();

    List<JobSnapshot> written = store().takeOver(sweeper(), AT_ONCE, List.of(new JobWrite(failed, found.epoch())));

    assertThat(written).hasSize(1);
    JobSnapshot result = stored(job.id());
    assertThat(result).isEqualTo(written.get(0));
    assertThat(result.status()).isEqualTo(JobStatus.FAILED);
    assertThat(result.cancelRequested()).isTrue();
    assertThat(result.cancelReason()).isEqualTo("user pressed stop");
  }

  @Test
  default void aTakeOverAndTheOldHoldersLateEndNeverBothApply() throws Exception {
    for (int round = 0; round < raceRounds(); round++) {
      JobSnapshot job = inserted(runningJob());
      JobWrite ending = abandonment(awaitStale(AT_ONCE, job.id()).get(0));
      JobSnapshot holdersEnd = ended(job, JobStatus.COMPLETED, T0.plusSeconds(30)).percent(100).build();
      Callable<Boolean> takeOver = () -> !store().takeOver(sweeper(), AT_ONCE, List.of(ending)).isEmpty();
      Callable<Boolean> lateEnd = () -> writeAsInserter(holdersEnd).isEmpty();

      List<Boolean> applied = race(List.of(takeOver, lateEnd));

      assertThat(applied).as("take-over, late end of %s applied", job.id()).containsExactlyInAnyOrder(true, false);
      assertThat(stored(job.id())).isEqualTo(applied.get(0) ? ending.state() : holdersEnd);
    }
  }
}
