package dev.headway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headway.testing.TrackerHarness;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a health check reads off a tracker: the store's last write, the backlog, the bus. */
class TrackerHealthTest {

  @Test
  void aStoreThatFailsWritesShowsWithTheBacklogUntilItRecovers() {
    try (TrackerHarness h = new TrackerHarness()) {
      Job job = h.tracker.start(JobSpec.builder("article", "alice").total(10).build());
      assertThat(h.tracker.health()).isEqualTo(new TrackerHealth(true, 0, true, 0));

      h.store.failUpdatesWith(new IllegalStateException("database down"));
      job.advance(1);
      h.tick(Duration.ofMillis(200));
      TrackerHealth down = h.tracker.health();
      assertThat(down.storeWritable()).isFalse();
      assertThat(down.writeBacklog()).isEqualTo(1);
      assertThat(down.isHealthy()).isFalse();

      h.store.failUpdatesWith(null);
      h.tick(Duration.ofSeconds(3)); // past the writer's pause
      assertThat(h.tracker.health()).isEqualTo(new TrackerHealth(true, 0, true, 0));
    }
  }

  @Test
  void stalledRunningJobsAreCounted() {
    try (TrackerHarness h = new TrackerHarness(b -> b.stallAfter(Duration.ofSeconds(30)))) {
      h.tracker.start(JobSpec.builder("article", "alice").total(10).build());
      Job moving = h.tracker.start(JobSpec.builder("article", "alice").total(10).build());
      h.tick(Duration.ofSeconds(20));
      moving.advance(1);
      h.tick(Duration.ofSeconds(15));
      assertThat(h.tracker.health().stalledJobs()).isEqualTo(1);
    }
  }
}
