package dev.headway.truth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headway.JobFilter;
import dev.headway.JobSpec;
import dev.headway.JobStatus;
import dev.headway.testing.Nodes;
import dev.headway.testing.TrackerHarness;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Ten thousand jobs of a dead node end within {@code staleAfter} plus one heartbeat interval, in a few calls. */
class SweepAtScaleTest {
  private final Nodes nodes = new Nodes();

  @AfterEach
  void close() {
    nodes.close();
  }

  @Test
  void tenThousandDeadJobsEndInOneSweep() {
    TrackerHarness dead = nodes.node("dead", x -> x);
    TrackerHarness alive = nodes.node("alive", x -> x);
    for (int i = 0; i < 10_000; i++) {
      dead.tracker.start(JobSpec.builder("article", "owner-" + (i % 100)).build());
    }
    int callsBefore = alive.store.calls();
    nodes.tick(Duration.ofSeconds(31), 1, alive);
    nodes.tick(Duration.ofSeconds(5), 1, alive);
    long running = 0;
    for (int owner = 0; owner < 100; owner++) {
      running += nodes.store.list(JobFilter.owner("owner-" + owner).withLimit(JobFilter.MAX_LIMIT)).stream()
          .filter(job -> job.status() != JobStatus.FAILED).count();
    }
    assertThat(running).isZero();
    assertThat(alive.store.calls() - callsBefore).as("set-based: about two calls per 1000 jobs")
        .isLessThanOrEqualTo(30);
  }
}
