package dev.headway.internal;

import static dev.headway.testing.SnapshotBuilder.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.headway.JobSnapshot;
import dev.headway.JobStatus;
import dev.headway.spi.JobStore;
import dev.headway.spi.JobStoreContract;
import dev.headway.spi.JobWrite;
import dev.headway.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-memory store against the store contract, plus its own argument checks and its clock. */
class InMemoryJobStoreTest extends JobStoreContract {

  private static final Duration MINUTE = Duration.ofMinutes(1);

  @Override
  protected JobStore newStore() {
    return JobStore.inMemory();
  }

  @Test
  void nullArgumentsAreRejectedNamingTheArgument() {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    List<JobWrite> none = List.of();
    assertThatNullPointerException().isThrownBy(() -> new InMemoryJobStore(null)).withMessage("clock");
    assertThatNullPointerException().isThrownBy(() -> store.insert(null, "key", "node")).withMessage("job");
    assertThatNullPointerException().isThrownBy(() -> store.insert(job().build(), "key", null))
        .withMessage("nodeId");
    assertThatNullPointerException().isThrownBy(() -> store.update(null)).withMessage("writes");
    assertThatNullPointerException().isThrownBy(() -> store.find(null)).withMessage("id");
    assertThatNullPointerException().isThrownBy(() -> store.findAll(null)).withMessage("ids");
    assertThatNullPointerException().isThrownBy(() -> store.list(null)).withMessage("filter");
    assertThatNullPointerException().isThrownBy(() -> store.requestCancel(null, "r", now)).withMessage("id");
    assertThatNullPointerException().isThrownBy(() -> store.requestCancel("x", "r", null)).withMessage("at");
    assertThatNullPointerException().isThrownBy(() -> store.heartbeat(null, List.of())).withMessage("nodeId");
    assertThatNullPointerException().isThrownBy(() -> store.heartbeat("node", null)).withMessage("ids");
    assertThatNullPointerException().isThrownBy(() -> store.findStale(null, 1)).withMessage("staleAfter");
    assertThatNullPointerException().isThrownBy(() -> store.takeOver(null, MINUTE, none)).withMessage("nodeId");
    assertThatNullPointerException().isThrownBy(() -> store.takeOver("node", null, none))
        .withMessage("staleAfter");
    assertThatNullPointerException().isThrownBy(() -> store.takeOver("node", MINUTE, null)).withMessage("endings");
    assertThatNullPointerException().isThrownBy(() -> store.recentRuns(null, 1)).withMessage("type");
    assertThatNullPointerException().isThrownBy(() -> store.deleteEndedBefore(null, 1)).withMessage("cutoff");
  }

  @Test
  void negativeLimitsAreRejectedNamingTheValue() {
    assertThatIllegalArgumentException().isThrownBy(() -> store.findStale(MINUTE, -1))
        .withMessage("limit must not be negative, was -1");
    assertThatIllegalArgumentException().isThrownBy(() -> store.recentRuns("article", -1))
        .withMessage("limit must not be negative, was -1");
    assertThatIllegalArgumentException().isThrownBy(() -> store.deleteEndedBefore(Instant.EPOCH, -1))
        .withMessage("limit must not be negative, was -1");
  }

  @Test
  void aBatchWithANullIsRejectedBeforeAnythingIsWritten() {
    JobSnapshot stored = job().id("batch-1").build();
    store.insert(stored, null, "node");
    JobWrite newer = JobWrite.first(job().id("batch-1").version(2).percent(50).build());

    assertThatNullPointerException().isThrownBy(() -> store.update(Arrays.asList(newer, null)))
        .withMessage("writes must not contain null");

    assertThat(store.find("batch-1")).contains(stored);
    assertThat(store.update(List.of(newer))).isEmpty();
    assertThat(store.find("batch-1")).contains(newer.state());
  }

  @Test
  void aTakeOverWithANullEndingIsRejectedBeforeAnythingIsWritten() {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    JobStore clocked = JobStore.inMemory(clock);
    JobSnapshot stored = job().id("sweep-1").build();
    clocked.insert(stored, null, "node");
    clock.advance(MINUTE.multipliedBy(2));
    JobWrite ending = JobWrite.first(job().id("sweep-1").version(2).status(JobStatus.FAILED).build());

    assertThatNullPointerException().isThrownBy(() -> clocked.takeOver("sweeper", MINUTE, Arrays.asList(ending, null)))
        .withMessage("endings must not contain null");

    assertThat(clocked.find("sweep-1")).contains(stored);
    assertThat(clocked.takeOver("sweeper", MINUTE, List.of(ending))).containsExactly(ending.state());
  }

  @Test
  void livenessIsJudgedOnTheStoresClockAlone() {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    JobStore clocked = JobStore.inMemory(clock);
    // The snapshot's own times are far in the past; only the store's clock counts.
    JobSnapshot job = job().id("clock-1").updatedAt(Instant.EPOCH).build();
    clocked.insert(job, null, "node");

    clock.advance(MINUTE);
    assertThat(clocked.findStale(MINUTE, 10)).as("stale only after more than staleAfter").isEmpty();
    clock.advance(Duration.ofNanos(1_000));
    assertThat(clocked.findStale(MINUTE, 10)).extracting(found -> found.state().id()).containsExactly("clock-1");
    clocked.heartbeat("node", List.of("clock-1"));
    assertThat(clocked.findStale(MINUTE, 10)).isEmpty();
  }

  @Test
  void theCancelVersionIsAtLeastTheRequestTimeInMicroseconds() {
    JobSnapshot stored = job().id("cancel-1").version(3).build();
    store.insert(stored, null, "node");
    Instant at = Instant.parse("2026-01-01T00:00:01.000002Z");

    JobSnapshot cancelled = store.requestCancel("cancel-1", "stop", at).orElseThrow();

    assertThat(cancelled.version()).isEqualTo(at.getEpochSecond() * 1_000_000 + 2);
    assertThat(cancelled.updatedAt()).isEqualTo(at);
  }
}
