package dev.headway.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headway.JobSnapshot;
import dev.headway.JobStatus;
import dev.headway.StepSnapshot;
import dev.headway.StepStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The part of the store contract about jobs that ended: the completed runs that ETA estimates learn from, and
 * retention. {@link JobStoreContract} runs it against every store.
 *
 * <p>The retention tests delete by time alone: they work in the 1990s, which no other test uses, and count on
 * {@link JobStoreContract#newStore()} leaving no jobs of earlier tests that ended before 2000.
 */
public interface EndedJobsContract extends StoreContractSupport {

  @Test
  default void recentRunsListsCompletedJobsOfTheTypeNewestFirstWithStepDurations() {
    String type = name("type");
    Instant s = T0;
    completedRun(type, s, s.plusSeconds(60),
        List.of(
            new StepSnapshot("research", 1, StepStatus.COMPLETED, 100, null, null, null, s, s.plusSeconds(20), null),
            new StepSnapshot("writing", 2, StepStatus.COMPLETED, 100, null, null, null,
                s.plusSeconds(20), s.plusSeconds(55).plusMillis(500), null),
            // Not completed, or missing a time: no duration.
            new StepSnapshot("images", 1, StepStatus.SKIPPED, 100, null, null, null, null, s.plusSeconds(55), null),
            new StepSnapshot("seo", 1, StepStatus.FAILED, 50, null, null, null,
                s.plusSeconds(56), s.plusSeconds(60), "boom"),
            new StepSnapshot("notes", 1, StepStatus.COMPLETED, 100, null, null, null, null, s.plusSeconds(60), null)));
    completedRun(type, s.plusSeconds(100), s.plusSeconds(190), List.of());
    completedRun(type, s.plusSeconds(200), s.plusSeconds(230), List.of());
    completedRun(name("other-type"), s.plusSeconds(300), s.plusSeconds(301), List.of());
    endedRun(type, JobStatus.FAILED, s.plusSeconds(400), s.plusSeconds(401));
    endedRun(type, JobStatus.CANCELLED, s.plusSeconds(500), s.plusSeconds(502));
    inserted(runningJob().type(type).createdAt(s.plusSeconds(600)).startedAt(s.plusSeconds(600)));

    List<JobRun> runs = store().recentRuns(type, 10);

    assertThat(runs).containsExactly(
        new JobRun(Duration.ofSeconds(30), Map.of()),
        new JobRun(Duration.ofSeconds(90), Map.of()),
        new JobRun(Duration.ofSeconds(60), Map.of(
            "research", Duration.ofSeconds(20),
            "writing", Duration.ofMillis(35_500))));
  }

  @Test
  default void recentRunsHonoursTheLimit() {
    String type = name("type");
    for (int i = 0; i < 5; i++) {
      completedRun(type, T0.plusSeconds(100L * i), T0.plusSeconds(100L * i + 10 + i), List.of());
    }

    assertThat(store().recentRuns(type, 2)).extracting(JobRun::duration)
        .containsExactly(Duration.ofSeconds(14), Duration.ofSeconds(13));
    assertThat(store().recentRuns(name("unknown-type"), 5)).isEmpty();
  }

  private void completedRun(String type, Instant started, Instant completed, List<StepSnapshot> steps) {
    JobSnapshot job = inserted(runningJob().type(type).createdAt(started).startedAt(started).updatedAt(started));
    writeApplied(ended(job, JobStatus.COMPLETED, completed).percent(100).steps(steps).build());
  }

  private JobSnapshot endedRun(String type, JobStatus status, Instant started, Instant ended) {
    JobSnapshot job = inserted(runningJob().type(type).createdAt(started).startedAt(started).updatedAt(started));
    JobSnapshot end = ended(job, status, ended).build();
    writeApplied(end);
    return end;
  }

  // ---------------------------------------------------------------- retention

  @Test
  default void deleteEndedBeforeRemovesOnlyJobsThatEndedBeforeTheCutoff() {
    Instant base = Instant.parse("1991-01-01T00:00:00Z");
    Instant cutoff = base.plusSeconds(3600);
    JobSnapshot oldCompleted = endedRun(name("type"), JobStatus.COMPLETED, base, base.plusSeconds(10));
    JobSnapshot oldFailed = endedRun(name("type"), JobStatus.FAILED, base, base.plusSeconds(20));
    JobSnapshot oldCancelled = endedRun(name("type"), JobStatus.CANCELLED, base, base.plusSeconds(30));
    JobSnapshot endedAtCutoff = endedRun(name("type"), JobStatus.COMPLETED, base, cutoff);
    JobSnapshot endedAfter = endedRun(name("type"), JobStatus.COMPLETED, base, cutoff.plusSeconds(1));
    JobSnapshot oldRunning = inserted(runningJob().createdAt(base).startedAt(base).updatedAt(base));
    JobSnapshot oldQueued =
        inserted(runningJob().status(JobStatus.QUEUED).createdAt(base).startedAt(null).updatedAt(base));

    assertThat(store().deleteEndedBefore(cutoff, 100)).isEqualTo(3);

    assertThat(store().find(oldCompleted.id())).isEmpty();
    assertThat(store().find(oldFailed.id())).isEmpty();
    assertThat(store().find(oldCancelled.id())).isEmpty();
    assertThat(store().find(endedAtCutoff.id())).contains(endedAtCutoff);
    assertThat(store().find(endedAfter.id())).contains(endedAfter);
    assertThat(store().find(oldRunning.id())).contains(oldRunning);
    assertThat(store().find(oldQueued.id())).contains(oldQueued);
    assertThat(store().deleteEndedBefore(cutoff, 100)).as("nothing left to delete").isZero();
  }

  @Test
  default void deleteEndedBeforeRespectsTheLimit() {
    Instant base = Instant.parse("1993-01-01T00:00:00Z");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(endedRun(name("type"), JobStatus.COMPLETED, base, base.plusSeconds(i + 1L)).id());
    }
    Instant cutoff = base.plusSeconds(3600);

    assertThat(store().deleteEndedBefore(cutoff, 2)).isEqualTo(2);
    assertThat(ids.stream().filter(id -> store().find(id).isPresent())).hasSize(3);
    assertThat(store().deleteEndedBefore(cutoff, 2)).isEqualTo(2);
    assertThat(store().deleteEndedBefore(cutoff, 2)).isEqualTo(1);
    assertThat(store().deleteEndedBefore(cutoff, 2)).isZero();
    assertThat(ids.stream().filter(id -> store().find(id).isPresent())).isEmpty();
  }

  @Test
  default void aDeletedJobsKeyStaysFree() {
    Instant base = Instant.parse("1995-01-01T00:00:00Z");
    String key = name("key");
    JobSnapshot holder = runningJob().createdAt(base).startedAt(base).updatedAt(base).build();
    store().insert(holder, key, node());
    writeApplied(ended(holder, JobStatus.FAILED, base.plusSeconds(1)).build());

    assertThat(store().deleteEndedBefore(base.plusSeconds(60), 10)).isEqualTo(1);

    JobSnapshot successor = runningJob().build();
    store().insert(successor, key, node());
    assertThat(store().find(successor.id())).contains(successor);
  }
}
