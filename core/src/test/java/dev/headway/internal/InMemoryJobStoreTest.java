package dev.headway.internal;

import static dev.headway.testing.SnapshotBuilder.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.headway.JobSnapshot;
import dev.headway.spi.JobStore;
import dev.headway.spi.JobStoreContract;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-memory store against the store contract, plus its own argument checks. */
class InMemoryJobStoreTest extends JobStoreContract {

  @Override
  protected JobStore newStore() {
    return new InMemoryJobStore();
  }

  @Test
  void nullArgumentsAreRejectedNamingTheArgument() {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    assertThatNullPointerException().isThrownBy(() -> store.insert(null, "key")).withMessage("job");
    assertThatNullPointerException().isThrownBy(() -> store.update(null)).withMessage("jobs");
    assertThatNullPointerException().isThrownBy(() -> store.update(Arrays.asList(job().build(), null)))
        .withMessageContaining("jobs");
    assertThatNullPointerException().isThrownBy(() -> store.find(null)).withMessage("id");
    assertThatNullPointerException().isThrownBy(() -> store.list(null)).withMessage("filter");
    assertThatNullPointerException().isThrownBy(() -> store.requestCancel(null, "r", now)).withMessage("id");
    assertThatNullPointerException().isThrownBy(() -> store.requestCancel("x", "r", null)).withMessage("at");
    assertThatNullPointerException().isThrownBy(() -> store.recentRuns(null, 1)).withMessage("type");
    assertThatNullPointerException().isThrownBy(() -> store.deleteEndedBefore(null, 1)).withMessage("cutoff");
  }

  @Test
  void negativeLimitsAreRejected() {
    assertThatIllegalArgumentException().isThrownBy(() -> store.recentRuns("article", -1))
        .withMessageContaining("-1");
    assertThatIllegalArgumentException().isThrownBy(() -> store.deleteEndedBefore(Instant.EPOCH, -1))
        .withMessageContaining("-1");
  }

  @Test
  void aBatchWithANullIsRejectedBeforeAnythingIsWritten() {
    JobSnapshot stored = job().id("batch-1").build();
    store.insert(stored, null);
    JobSnapshot newer = job().id("batch-1").version(2).percent(50).build();

    assertThatNullPointerException().isThrownBy(() -> store.update(Arrays.asList(newer, null)));

    assertThat(store.find("batch-1")).contains(stored);
    store.update(List.of(newer));
    assertThat(store.find("batch-1")).contains(newer);
  }

  @Test
  void theCancelVersionIsAtLeastTheRequestTimeInMicroseconds() {
    JobSnapshot stored = job().id("cancel-1").version(3).build();
    store.insert(stored, null);
    Instant at = Instant.parse("2026-01-01T00:00:01.000002Z");

    JobSnapshot cancelled = store.requestCancel("cancel-1", "stop", at).orElseThrow();

    assertThat(cancelled.version()).isEqualTo(at.getEpochSecond() * 1_000_000 + 2);
    assertThat(cancelled.updatedAt()).isEqualTo(at);
  }
}
