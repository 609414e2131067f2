package dev.headway.sse.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headway.JobSpec;
import dev.headway.testing.TrackerHarness;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Unknown and foreign ids answer alike and cost alike: one store lookup each, none for the caller's own live job. */
class AccessTest {
  private final TrackerHarness harness = new TrackerHarness();
  private final Access access = new Access(new Settings(harness.tracker, r -> null, p -> null, Duration.ofSeconds(15),
      Duration.ofSeconds(3), Duration.ofMillis(100), 20, 10_000, Duration.ofSeconds(30), harness.clock, null,
      Runnable::run));

  @AfterEach
  void close() {
    harness.close();
  }

  private int storeLookups(Runnable read) {
    int before = harness.store.finds.get();
    read.run();
    return harness.store.finds.get() - before;
  }

  @Test
  void aForeignJobCostsTheStoreLookupAnUnknownIdCosts() {
    String bobs = harness.tracker.start(JobSpec.builder("article", "bob").build()).id();
    String alices = harness.tracker.start(JobSpec.builder("article", "alice").build()).id();

    int unknown = storeLookups(() -> assertThat(access.readable("alice", "no-such-id")).isEmpty());
    int foreign = storeLookups(() -> assertThat(access.readable("alice", bobs)).isEmpty());
    int own = storeLookups(() -> assertThat(access.readable("alice", alices)).isPresent());

    assertThat(foreign).isEqualTo(unknown).isEqualTo(1);
    assertThat(own).isZero();
  }
}
