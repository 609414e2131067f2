package dev.headway.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.headway.DurationStats;
import dev.headway.JobFilter;
import dev.headway.JobSnapshot;
import dev.headway.JobStats;
import dev.headway.JobStatus;
import dev.headway.StepSnapshot;
import dev.headway.StepStats;
import dev.headway.StepStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The part of the store contract about {@link JobStore#stats}: what counts (jobs that ended since a time, by the
 * filter's owner, tenant, type and parent; the steps that ran in their attempt), how durations come out, and that
 * every way a job ends counts and retention takes it out again. {@link JobStoreContract} runs it against every
 * store.
 */
public interface StatsContract extends StoreContractSupport {

  /** Where the stats tests end their jobs: later than any other test's, so a filter-less query sees only theirs. */
  Instant LATER = Instant.parse("2031-06-01T00:00:00Z");

  @Test
  default void countsTheJobsThatEndedSinceATimeByOutcome() {
    Instant since = LATER;
    ended(JobStatus.COMPLETED, since, 1_000);
    ended(JobStatus.COMPLETED, since.plusSeconds(10), 2_000);
    ended(JobStatus.COMPLETED, since.plusSeconds(20), 3_000);
    ended(JobStatus.FAILED, since.plusSeconds(30), 4_000);
    ended(JobStatus.FAILED, since.plusSeconds(40), 5_000);
    ended(JobStatus.CANCELLED, since.plusSeconds(50), 6_000);
    ended(JobStatus.COMPLETED, since.minusMillis(1), 7_000);
    ended(JobStatus.FAILED, since.minusSeconds(3600), 8_000);
    inserted(runningJob().createdAt(since).startedAt(since).updatedAt(since.plusSeconds(60)));

    JobStats stats = store().stats(JobFilter.owner(name("owner")), since);

    assertThat(stats.since()).isEqualTo(since);
    assertThat(List.of(stats.completed(), stats.failed(), stats.cancelled())).containsExactly(3L, 2L, 1L);
    assertDuration(stats.duration(), 3, 2_000, 2_000, 3_000);
    assertThat(store().stats(JobFilter.owner(name("owner")), since.minusSeconds(3600)).ended()).isEqualTo(8);
    assertThat(store().stats(JobFilter.owner(name("owner")), since.plusSeconds(3600)))
        .isEqualTo(new JobStats(since.plusSeconds(3600), 0, 0, 0, DurationStats.NONE, List.of()));
  }

  @Test
  default void filtersByOwnerTenantTypeAndParentAndIgnoresStatusesAndLimit() {
    String owner = name("owner");
    String other = name("other-owner");
    String parent = newId();
    JobSnapshot.Builder base = runningJob().createdAt(LATER).startedAt(LATER).updatedAt(LATER);
    end(inserted(base.id(newId()).owner(owner).tenant(name("t1")).type(name("type-a")).parentId(null)),
        JobStatus.COMPLETED, 100);
    end(inserted(base.id(newId()).owner(owner).tenant(name("t2")).type(name("type-b")).parentId(parent)),
        JobStatus.FAILED, 100);
    end(inserted(base.id(newId()).owner(other).tenant(name("t1")).type(name("type-b")).parentId(parent)),
        JobStatus.CANCELLED, 100);
    end(inserted(base.id(newId()).owner(other).tenant(name("t2")).type(name("type-a")).parentId(null)),
        JobStatus.COMPLETED, 100);

    assertThat(ended(JobFilter.owner(owner))).isEqualTo(2);
    assertThat(ended(JobFilter.owner(other))).isEqualTo(2);
    assertThat(ended(JobFilter.all().withTenant(name("t1")))).isEqualTo(2);
    assertThat(ended(JobFilter.all().withType(name("type-b")))).isEqualTo(2);
    assertThat(ended(JobFilter.all().withParent(parent))).isEqualTo(2);
    assertThat(ended(JobFilter.owner(owner).withType(name("type-a")))).isEqualTo(1);
    assertThat(ended(JobFilter.owner(other).withTenant(name("t2")).withType(name("type-a")))).isEqualTo(1);
    assertThat(ended(JobFilter.owner(owner).withParent(parent).withTenant(name("t1")))).isZero();
    assertThat(ended(JobFilter.all())).isEqualTo(4);
    assertThat(ended(JobFilter.all().withStatuses(Set.of(JobStatus.FAILED)).withLimit(1))).isEqualTo(4);
    assertThat(ended(JobFilter.owner(name("nobody")))).isZero();
  }

  @Test
  default void durationsOfCompletedJobsHavePercentilesWithinTwoPercentAndAnExactMean() {
    // 1 to 40 seconds, and a few milliseconds more, in a shuffled order.
    for (int i = 0; i < 40; i++) {
      int seconds = (i * 17) % 40 + 1;
      ended(JobStatus.COMPLETED, LATER.plusSeconds(i), seconds * 1_000L + seconds);
    }
    ended(JobStatus.FAILED, LATER, 999_000);
    ended(JobStatus.CANCELLED, LATER, 999_000);
    JobSnapshot neverStarted = inserted(runningJob().status(JobStatus.QUEUED).startedAt(null).updatedAt(LATER));
    writeApplied(ended(neverStarted, JobStatus.COMPLETED, LATER.plusSeconds(1)).build());

    JobStats stats = store().stats(JobFilter.owner(name("owner")), LATER);

    assertThat(stats.completed()).isEqualTo(41);
    DurationStats duration = stats.duration();
    assertThat(duration.count()).as("completed jobs that started").isEqualTo(40);
    assertDuration(duration, 40, Math.round(20.5 * 1_000 + 20.5), 20_020, 38_038);
  }

  @Test
  default void stepsThatRanInTheAttemptCountByNameAndOutcome() {
    Instant s = LATER;
    for (int i = 0; i < 3; i++) {
      endedWithSteps(JobStatus.COMPLETED, List.of(
          step("fetch", StepStatus.COMPLETED, s, 1_000L * (i + 1), false),
          step("parse", StepStatus.COMPLETED, s, 500, false),
          step("notify", StepStatus.SKIPPED, s, 0, false)));
    }
    endedWithSteps(JobStatus.FAILED, List.of(
        step("fetch", StepStatus.COMPLETED, s, 9_000, true),
        step("parse", StepStatus.FAILED, s, 100, false),
        step("notify", StepStatus.PENDING, null, 0, false)));
    endedWithSteps(JobStatus.CANCELLED, List.of(
        step("fetch", StepStatus.COMPLETED, s, 4_000, false),
        step("parse", StepStatus.RUNNING, s, 0, false)));

    JobStats stats = store().stats(JobFilter.owner(name("owner")), LATER.minusSeconds(1));

    assertThat(stats.steps()).extracting(StepStats::name, StepStats::completed, StepStats::failed)
        .containsExactly(tuple("fetch", 4L, 0L), tuple("parse", 3L, 1L));
    assertDuration(stats.steps().get(0).duration(), 4, 2_500, 2_000, 4_000);
    assertDuration(stats.steps().get(1).duration(), 3, 500, 500, 500);
  }

  @Test
  default void aJobEndedByATakeOverIsCounted() {
    JobSnapshot job = inserted(runningJob().createdAt(LATER).startedAt(LATER).updatedAt(LATER)
        .steps(List.of(step("fetch", StepStatus.COMPLETED, LATER, 700, false))));

    takenOver(job.id());

    JobStats stats = store().stats(JobFilter.owner(name("owner")), LATER);
    assertThat(List.of(stats.completed(), stats.failed(), stats.cancelled())).containsExactly(0L, 1L, 0L);
    assertThat(stats.steps()).extracting(StepStats::name, StepStats::completed, StepStats::failed)
        .containsExactly(tuple("fetch", 1L, 0L));
    assertDuration(stats.steps().get(0).duration(), 1, 700, 700, 700);
  }

  @Test
  default void aJobInsertedEndedIsCounted() {
    JobSnapshot job = runningJob().createdAt(LATER).startedAt(LATER).updatedAt(LATER.plusSeconds(2))
        .status(JobStatus.COMPLETED).completedAt(LATER.plusSeconds(2))
        .steps(List.of(step("fetch", StepStatus.COMPLETED, LATER, 1_500, false))).build();
    store().insert(job, null, node());

    JobStats stats = store().stats(JobFilter.owner(name("owner")), LATER);
    assertThat(stats.completed()).isEqualTo(1);
    assertDuration(stats.duration(), 1, 2_000, 2_000, 2_000);
    assertThat(stats.steps()).extracting(StepStats::name, StepStats::completed).containsExactly(tuple("fetch", 1L));
  }

  @Test
  default void deleteEndedBeforeTakesJobsOutOfTheStats() {
    Instant base = Instant.parse("1998-01-01T00:00:00Z");
    JobSnapshot job = inserted(runningJob().createdAt(base).startedAt(base).updatedAt(base));
    writeApplied(ended(job, JobStatus.COMPLETED, base.plusSeconds(2))
        .steps(List.of(step("fetch", StepStatus.COMPLETED, base, 1_000, false))).build());
    JobFilter mine = JobFilter.owner(name("owner"));
    assertThat(store().stats(mine, base).completed()).isEqualTo(1);

    assertThat(store().deleteEndedBefore(base.plusSeconds(60), 10)).isEqualTo(1);

    assertThat(store().stats(mine, base)).isEqualTo(new JobStats(base, 0, 0, 0, DurationStats.NONE, List.of()));
    assertThat(store().stats(JobFilter.all(), base).steps()).isEmpty();
  }

  // ---------------------------------------------------------------- helpers

  /** Ends a job of this test's owner and type at {@code at}, {@code ms} milliseconds after it started. */
  private JobSnapshot ended(JobStatus status, Instant at, long ms) {
    Instant started = at.minusMillis(ms);
    return end(inserted(runningJob().createdAt(started).startedAt(started).updatedAt(started)), status, ms);
  }

  /** Ends an inserted job {@code ms} milliseconds after it started. */
  private JobSnapshot end(JobSnapshot job, JobStatus status, long ms) {
    JobSnapshot end = ended(job, status, job.startedAt().plusMillis(ms)).build();
    writeApplied(end);
    return end;
  }

  private void endedWithSteps(JobStatus status, List<StepSnapshot> steps) {
    JobSnapshot job = inserted(runningJob().createdAt(LATER).startedAt(LATER).updatedAt(LATER));
    writeApplied(ended(job, status, LATER.plusSeconds(60)).steps(new ArrayList<>(steps)).build());
  }

  /** A step that started at {@code start} (null: never) and, unless still going, ended {@code ms} later. */
  private static StepSnapshot step(String name, StepStatus status, Instant start, long ms, boolean carriedOver) {
    boolean over = status == StepStatus.COMPLETED || status == StepStatus.FAILED || status == StepStatus.SKIPPED;
    Instant end = over && start != null ? start.plusMillis(ms) : null;
    return new StepSnapshot(name, 1, status, over ? 100 : 0, null, null, null, start, end,
        status == StepStatus.FAILED ? "boom" : null, null, carriedOver);
  }

  /** Checks a count and an exact mean, and percentiles within the 2% the histogram promises. */
  private static void assertDuration(DurationStats actual, long count, long meanMs, long p50Ms, long p95Ms) {
    assertThat(actual.count()).as("count").isEqualTo(count);
    assertThat(actual.meanMs()).as("mean").isEqualTo(meanMs);
    assertThat((double) actual.p50Ms()).as("p50 of %s", actual).isCloseTo(p50Ms, within(p50Ms * 0.02));
    assertThat((double) actual.p95Ms()).as("p95 of %s", actual).isCloseTo(p95Ms, within(p95Ms * 0.02));
  }

  private long ended(JobFilter filter) {
    return store().stats(filter, LATER).ended();
  }
}
