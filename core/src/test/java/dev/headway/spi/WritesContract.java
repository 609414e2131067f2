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
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The part of the store contract about writes: a write applies only to an active job, at its holder's epoch and
 * above its stored version; an ended job never changes again; and every write that did not apply comes back with
 * the job as stored, so no writer counts a write that changed nothing as done. {@link JobStoreContract} runs it
 * against every store.
 */
public interface WritesContract extends StoreContractSupport {

  // ---------------------------------------------------------------- the version guard

  @Test
  default void aNewerVersionIsApplied() {
    JobSnapshot v1 = inserted(runningJob());
    JobSnapshot v2 = next(v1).percent(25).message("a quarter").step("writing").done(1L).total(4L)
        .updatedAt(T0.plusSeconds(3)).build();

    assertThat(writeAsInserter(v2)).isEmpty();

    assertThat(stored(v1.id())).isEqualTo(v2);
  }

  @Test
  default void anOlderOrEqualVersionComesBackNotFinalWithTheStoredJob() {
    JobSnapshot v5 = inserted(runningJob().version(5).percent(50).message("five"));
    JobWrite older = JobWrite.first(SnapshotBuilder.from(v5).version(4).percent(40).message("four").build());
    JobWrite equal = JobWrite.first(SnapshotBuilder.from(v5).version(5).percent(55).message("five again").build());

    List<WriteConflict> conflicts = store().update(List.of(older, equal));

    StoredJob asStored = new StoredJob(v5, node(), JobWrite.FIRST_EPOCH);
    assertThat(conflicts).containsExactlyInAnyOrder(new WriteConflict(older, asStored),
        new WriteConflict(equal, asStored));
    assertThat(conflicts).as("the writer is behind, not fenced off").noneMatch(WriteConflict::isFinal);
    assertThat(stored(v5.id())).isEqualTo(v5);
  }

  @Test
  default void writesArrivingOutOfOrderLeaveTheNewest() {
    JobSnapshot v1 = inserted(runningJob());
    JobSnapshot v2 = next(v1).percent(20).build();
    JobSnapshot v3 = next(v2).percent(30).build();
    JobSnapshot v4 = next(v3).percent(40).build();

    assertThat(writeAsInserter(v3)).isEmpty();
    assertThat(writeAsInserter(v2)).hasSize(1);
    assertThat(writeAsInserter(v4)).isEmpty();
    assertThat(writeAsInserter(v3)).hasSize(1);

    assertThat(stored(v1.id())).isEqualTo(v4);
  }

  @Test
  default void anUpdateOfAnUnknownJobComesBackWithNothingStoredAndDoesNotCreateIt() {
    JobWrite ghost = JobWrite.first(runningJob().version(2).build());

    List<WriteConflict> conflicts = store().update(List.of(ghost));

    assertThat(conflicts).containsExactly(new WriteConflict(ghost, null));
    assertThat(conflicts.get(0).isFinal()).isTrue();
    assertThat(store().find(ghost.state().id())).isEmpty();
    assertThat(store().update(List.of())).isEmpty();
  }

  @Test
  default void concurrentWritersNeverLoseTheNewestVersion() throws Exception {
    int writers = 8;
    int versionsEach = 50;
    JobSnapshot v1 = inserted(runningJob());
    List<Callable<String>> attempts = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int writer = w;
      attempts.add(() -> {
        // Writer w writes versions 2 + w, 2 + w + writers, ...; together they cover 2..(1 + writers * versionsEach).
        for (int i = 0; i < versionsEach; i++) {
          long version = 2 + writer + (long) i * writers;
          writeAsInserter(SnapshotBuilder.from(v1).version(version).message("v" + version).build());
        }
        return "wrote";
      });
    }

    race(attempts);

    long newest = 1 + (long) writers * versionsEach;
    JobSnapshot result = stored(v1.id());
    assertThat(result.version()).isEqualTo(newest);
    assertThat(result.message()).isEqualTo("v" + newest);
  }

  // ---------------------------------------------------------------- fencing: ended and taken over means final

  @Test
  default void aWriteAtAnotherEpochIsRefusedForGoodNamingTheHolderAndItsEpoch() {
    JobSnapshot job = inserted(runningJob());
    JobWrite impostor = new JobWrite(next(job).percent(80).build(), JobWrite.FIRST_EPOCH + 1);

    List<WriteConflict> conflicts = store().update(List.of(impostor));

    assertThat(conflicts)
        .containsExactly(new WriteConflict(impostor, new StoredJob(job, node(), JobWrite.FIRST_EPOCH)));
    assertThat(conflicts.get(0).isFinal()).isTrue();
    assertThat(stored(job.id())).isEqualTo(job);
  }

  @ParameterizedTest
  @EnumSource(value = JobStatus.class, names = {"COMPLETED", "FAILED", "CANCELLED"})
  default void anEndedJobNeverChangesAgainWhateverIsWrittenAtWhateverVersion(JobStatus terminal) {
    String key = name("key");
    JobSnapshot job = runningJob().build();
    store().insert(job, key, node());
    JobSnapshot end = ended(job, terminal, T0.plusSeconds(10)).percent(100).result("{\"words\": 1200}").build();
    writeApplied(end);

    for (JobStatus status : JobStatus.values()) {
      for (long version : new long[] {end.version() + 1, Long.MAX_VALUE / 2}) {
        JobSnapshot late = SnapshotBuilder.from(end).status(status).version(version).percent(10).result(null)
            .completedAt(status == JobStatus.QUEUED || status == JobStatus.RUNNING ? null : T0.plusSeconds(20))
            .message("late " + status + " at " + version).build();
        JobWrite write = JobWrite.first(late);

        assertThat(store().update(List.of(write))).as("writing %s at version %d", status, version)
            .containsExactly(new WriteConflict(write, new StoredJob(end, node(), JobWrite.FIRST_EPOCH)))
            .allMatch(WriteConflict::isFinal);
      }
    }

    assertThat(stored(job.id())).isEqualTo(end);
    JobSnapshot successor = runningJob().build();
    store().insert(successor, key, node());
    assertThat(stored(successor.id())).as("the key stayed released").isEqualTo(successor);
  }

  @Test
  default void aBatchAppliesExactlyTheWritesTheStoreAccepts() {
    JobSnapshot newer = inserted(runningJob().version(3));
    JobSnapshot behind = inserted(runningJob().version(3));
    JobSnapshot ending = inserted(runningJob().version(3));
    JobSnapshot alreadyEnded = inserted(runningJob());
    JobSnapshot end = ended(alreadyEnded, JobStatus.COMPLETED, T0.plusSeconds(5)).build();
    writeApplied(end);
    JobSnapshot fenced = inserted(runningJob());
    JobWrite applied = JobWrite.first(next(newer).percent(70).build());
    JobWrite unknown = JobWrite.first(runningJob().version(10).build());
    JobWrite stale = JobWrite.first(SnapshotBuilder.from(behind).version(2).percent(90).build());
    JobWrite terminal = JobWrite.first(SnapshotBuilder.from(ending).version(50).status(JobStatus.COMPLETED)
        .percent(100).completedAt(T0.plusSeconds(9)).build());
    JobWrite afterTheEnd = JobWrite.first(next(end).status(JobStatus.RUNNING).completedAt(null).build());
    JobWrite otherEpoch = new JobWrite(next(fenced).build(), JobWrite.FIRST_EPOCH + 1);

    List<WriteConflict> conflicts = store().update(List.of(applied, unknown, stale, terminal, afterTheEnd, otherEpoch));

    assertThat(conflicts).containsExactlyInAnyOrder(
        new WriteConflict(unknown, null),
        new WriteConflict(stale, new StoredJob(behind, node(), JobWrite.FIRST_EPOCH)),
        new WriteConflict(afterTheEnd, new StoredJob(end, node(), JobWrite.FIRST_EPOCH)),
        new WriteConflict(otherEpoch, new StoredJob(fenced, node(), JobWrite.FIRST_EPOCH)));
    assertThat(stored(newer.id())).isEqualTo(applied.state());
    assertThat(stored(behind.id())).isEqualTo(behind);
    assertThat(stored(ending.id())).isEqualTo(terminal.state());
    assertThat(stored(alreadyEnded.id())).isEqualTo(end);
    assertThat(stored(fenced.id())).isEqualTo(fenced);
    assertThat(store().find(unknown.state().id())).isEmpty();
  }
}
