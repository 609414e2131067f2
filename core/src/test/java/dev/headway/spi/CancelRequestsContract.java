package dev.headway.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headway.JobSnapshot;
import dev.headway.JobStatus;
import dev.headway.testing.SnapshotBuilder;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The part of the store contract about cancel requests: recorded in place of the job's holder, never erased by its
 * writes, and never reviving an ended job. {@link JobStoreContract} runs it against every store.
 */
public interface CancelRequestsContract extends StoreContractSupport {

  @Test
  default void aCancelRequestOnARunningJobRecordsFlagAndReasonAndGrowsTheVersion() {
    JobSnapshot job = inserted(runningJob().percent(30).message("writing").version(4));

    JobSnapshot cancelled = store().requestCancel(job.id(), "user pressed stop — ✋", T0.plusSeconds(5)).orElseThrow();

    assertThat(cancelled.cancelRequested()).isTrue();
    assertThat(cancelled.cancelReason()).isEqualTo("user pressed stop — ✋");
    assertThat(cancelled.version()).isGreaterThan(job.version());
    assertThat(cancelled.status()).as("a cancel request does not end the job").isEqualTo(JobStatus.RUNNING);
    assertThat(cancelled.percent()).isEqualTo(30);
    assertThat(cancelled.message()).isEqualTo("writing");
    assertThat(stored(job.id())).isEqualTo(cancelled);
  }

  @Test
  default void aCancelRequestOnAQueuedJobIsRecordedWithoutAReason() {
    JobSnapshot job = inserted(runningJob().status(JobStatus.QUEUED).startedAt(null));

    JobSnapshot cancelled = store().requestCancel(job.id(), null, T0.plusSeconds(1)).orElseThrow();

    assertThat(cancelled.cancelRequested()).isTrue();
    assertThat(cancelled.cancelReason()).isNull();
    assertThat(cancelled.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(cancelled.version()).isGreaterThan(job.version());
    assertThat(stored(job.id())).isEqualTo(cancelled);
  }

  @Test
  default void theVersionGrowsEvenWhenTheStoredVersionIsAhead() {
    // A version far beyond any clock-derived value: the request must still move it forward.
    JobSnapshot job = inserted(runningJob().version(Long.MAX_VALUE / 2));

    JobSnapshot cancelled = store().requestCancel(job.id(), "stop", T0).orElseThrow();

    assertThat(cancelled.version()).isGreaterThan(job.version());
  }

  @Test
  default void aCancelRequestSurvivesLaterProgressWritesThatDoNotKnowOfIt() {
    JobSnapshot job = inserted(runningJob());
    JobSnapshot requested = store().requestCancel(job.id(), "not needed any more", T0.plusSeconds(2)).orElseThrow();
    // The worker's next write was built from its own state, which has no cancel request.
    JobSnapshot progress = SnapshotBuilder.from(job).version(requested.version() + 1).percent(60)
        .message("still going").updatedAt(T0.plusSeconds(3)).build();

    writeApplied(progress);

    JobSnapshot afterProgress = stored(job.id());
    assertThat(afterProgress.version()).isEqualTo(progress.version());
    assertThat(afterProgress.percent()).isEqualTo(60);
    assertThat(afterProgress.message()).isEqualTo("still going");
    assertThat(afterProgress.cancelRequested()).isTrue();
    assertThat(afterProgress.cancelReason()).isEqualTo("not needed any more");

    JobSnapshot end = SnapshotBuilder.from(progress).version(progress.version() + 1).status(JobStatus.CANCELLED)
        .completedAt(T0.plusSeconds(4)).updatedAt(T0.plusSeconds(4)).build();
    writeApplied(end);

    JobSnapshot afterEnd = stored(job.id());
    assertThat(afterEnd.status()).as("a terminal status written later is kept").isEqualTo(JobStatus.CANCELLED);
    assertThat(afterEnd.completedAt()).isEqualTo(T0.plusSeconds(4));
    assertThat(afterEnd.version()).isEqualTo(end.version());
    assertThat(afterEnd.cancelRequested()).isTrue();
    assertThat(afterEnd.cancelReason()).isEqualTo("not needed any more");
  }

  @Test
  default void aWriteBehindACancelRequestComesBackNotFinalWithTheRequest() {
    JobSnapshot job = inserted(runningJob());
    JobSnapshot requested = store().requestCancel(job.id(), "stop", T0.plusSeconds(1)).orElseThrow();
    JobWrite behind = JobWrite.first(next(job).percent(10).build());

    List<WriteConflict> conflicts = store().update(List.of(behind));

    assertThat(conflicts)
        .containsExactly(new WriteConflict(behind, new StoredJob(requested, node(), JobWrite.FIRST_EPOCH)));
    assertThat(conflicts.get(0).isFinal()).as("the holder may write again above the request").isFalse();
    writeApplied(SnapshotBuilder.from(requested).version(requested.version() + 1).percent(10).build());
    assertThat(stored(job.id()).cancelRequested()).isTrue();
  }

  @Test
  default void aCancelRequestSurvivesConcurrentProgressWrites() throws Exception {
    JobSnapshot job = inserted(runningJob());
    Callable<Object> worker = () -> {
      for (int v = 2; v <= 200; v++) {
        writeAsInserter(SnapshotBuilder.from(job).version(v).percent(v / 2.0).build());
      }
      return "wrote";
    };
    Callable<Object> canceller = () -> store().requestCancel(job.id(), "race", T0.plusSeconds(1));

    race(List.of(worker, canceller));

    JobSnapshot result = stored(job.id());
    assertThat(result.cancelRequested()).isTrue();
    assertThat(result.cancelReason()).isEqualTo("race");
  }

  @ParameterizedTest
  @EnumSource(value = JobStatus.class, names = {"COMPLETED", "FAILED", "CANCELLED"})
  default void aCancelRequestOnAnEndedJobReturnsItUnchanged(JobStatus terminal) {
    JobSnapshot job = inserted(runningJob());
    JobSnapshot end = ended(job, terminal, T0.plusSeconds(3)).build();
    writeApplied(end);

    assertThat(store().requestCancel(job.id(), "too late", T0.plusSeconds(4))).contains(end);
    assertThat(stored(job.id())).isEqualTo(end);
  }

  @Test
  default void aCancelRequestForAnUnknownJobIsEmpty() {
    String id = newId();

    assertThat(store().requestCancel(id, "who?", T0)).isEmpty();
    assertThat(store().find(id)).isEmpty();
  }

}
