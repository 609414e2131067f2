package dev.headway.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headway.JobSnapshot;
import dev.headway.JobStatus;
import dev.headway.testing.SnapshotBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The part of the store contract about liveness: which jobs look stale, judged on the store's clock alone, and what
 * counts as a sign of life. {@link JobStoreContract} runs it against every store.
 *
 * <p>The store's clock cannot be set from a test, so these tests run in real time. They tell which of two signs of
 * life came first from the order {@link JobStore#findStale} returns, oldest first, and they give each job's sign of
 * life a strict order by waiting until the job before looks stale after {@link #AT_ONCE}.
 */
public interface LivenessContract extends StoreContractSupport {

  /** Inserts jobs one after another, each only once the one before looks stale, so their signs of life differ. */
  private List<JobSnapshot> insertedInTurn(JobSnapshot.Builder... builders) {
    List<JobSnapshot> jobs = new ArrayList<>();
    for (JobSnapshot.Builder builder : builders) {
      if (!jobs.isEmpty()) {
        awaitStale(AT_ONCE, jobs.get(jobs.size() - 1).id());
      }
      jobs.add(inserted(builder));
    }
    return jobs;
  }

  /** Returns the ids of the jobs the store finds stale after {@link #AT_ONCE}, once it finds all of them. */
  private List<String> staleInOrder(JobSnapshot... jobs) {
    String[] ids = new String[jobs.length];
    for (int i = 0; i < jobs.length; i++) {
      ids[i] = jobs[i].id();
    }
    return awaitStale(AT_ONCE, ids).stream().map(found -> found.state().id()).toList();
  }

  @Test
  default void aJobWithoutSignsOfLifeBecomesStaleHeldByItsInserterAtTheFirstEpoch() {
    JobSnapshot job = inserted(runningJob());

    assertThat(store().findStale(AN_HOUR, 100)).as("nothing is stale after an hour yet").isEmpty();
    assertThat(awaitStale(AT_ONCE, job.id())).containsExactly(new StoredJob(job, node(), JobWrite.FIRST_EPOCH));
  }

  @Test
  default void findStaleReturnsActiveJobsOnlyOldestSignOfLifeFirstUpToTheLimit() {
    List<JobSnapshot> jobs = insertedInTurn(
        runningJob(),
        runningJob().status(JobStatus.QUEUED).startedAt(null),
        runningJob());
    JobSnapshot ended = inserted(runningJob());
    writeApplied(ended(ended, JobStatus.COMPLETED, T0.plusSeconds(1)).build());

    assertThat(staleInOrder(jobs.get(2), jobs.get(0), jobs.get(1))).containsExactlyElementsOf(ids(jobs));
    assertThat(store().findStale(AT_ONCE, 100)).extracting(found -> found.state().id())
        .as("an ended job is never stale").containsExactlyElementsOf(ids(jobs));
    assertThat(store().findStale(AT_ONCE, 1)).extracting(found -> found.state().id())
        .containsExactly(jobs.get(0).id());
    assertThat(store().findStale(AT_ONCE, 0)).isEmpty();
  }

  @Test
  default void aHeartbeatAndAnAppliedWriteAreSignsOfLifeAndAHeartbeatChangesNoState() {
    List<JobSnapshot> jobs = insertedInTurn(runningJob(), runningJob(), runningJob());
    JobSnapshot beating = jobs.get(0);
    JobSnapshot silent = jobs.get(1);
    JobSnapshot writing = jobs.get(2);

    store().heartbeat(node(), List.of(beating.id(), newId()));
    awaitStale(AT_ONCE, beating.id());
    JobSnapshot written = next(writing).percent(50).updatedAt(T0).build();
    writeApplied(written);

    assertThat(staleInOrder(beating, silent, writing)).containsExactly(silent.id(), beating.id(), writing.id());
    assertThat(stored(beating.id())).as("a heartbeat does not change the job's state").isEqualTo(beating);
    assertThat(stored(writing.id())).isEqualTo(written);
  }

  @Test
  default void aRefusedWriteIsNoSignOfLife() {
    List<JobSnapshot> jobs = insertedInTurn(runningJob().version(5), runningJob(), runningJob());

    assertThat(writeAsInserter(SnapshotBuilder.from(jobs.get(0)).version(4).build())).hasSize(1);
    assertThat(store().update(List.of(new JobWrite(next(jobs.get(1)).build(), JobWrite.FIRST_EPOCH + 1)))).hasSize(1);

    assertThat(staleInOrder(jobs.get(0), jobs.get(1), jobs.get(2))).containsExactlyElementsOf(ids(jobs));
  }

  @Test
  default void aHeartbeatFromANodeThatDoesNotHoldTheJobDoesNotKeepItAlive() {
    List<JobSnapshot> jobs = insertedInTurn(runningJob(), runningJob());
    awaitStale(AT_ONCE, jobs.get(1).id());

    store().heartbeat(name("node-b"), List.of(jobs.get(0).id()));

    assertThat(staleInOrder(jobs.get(0), jobs.get(1))).containsExactlyElementsOf(ids(jobs));
  }

  @Test
  default void aHeartbeatCoversManyJobsInOneCallAndIgnoresEndedOnes() {
    List<String> beating = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      beating.add(inserted(runningJob()).id());
    }
    JobSnapshot ended = inserted(runningJob());
    JobSnapshot end = ended(ended, JobStatus.FAILED, T0.plusSeconds(1)).build();
    writeApplied(end);
    awaitStale(QUIET, beating.toArray(String[]::new));
    List<String> all = new ArrayList<>(beating);
    all.add(ended.id());

    store().heartbeat(node(), all);

    assertThat(store().findStale(QUIET, 1000)).as("stale after the heartbeat").isEmpty();
    assertThat(stored(ended.id())).isEqualTo(end);
  }
}
