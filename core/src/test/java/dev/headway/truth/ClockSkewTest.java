package dev.headway.truth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headway.Job;
import dev.headway.JobSpec;
import dev.headway.JobStatus;
import dev.headway.testing.Nodes;
import dev.headway.testing.SharedBus;
import dev.headway.testing.TrackerHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nodes whose clocks disagree with the store's: liveness is judged on the store's clock alone, so skew of up to a
 * minute either way neither sweeps live jobs nor loses states, and a cancel request stamped by a node whose clock is
 * ahead still reaches a worker whose clock is behind.
 */
class ClockSkewTest {
  private static final Duration SECOND = Duration.ofSeconds(1);

  private final Nodes nodes = new Nodes();

  @AfterEach
  void close() {
    nodes.close();
  }

  @ParameterizedTest
  @ValueSource(ints = {-60, -5, 5, 60})
  void aSkewedNodesLiveJobsAreNeverSweptAndTheirEndsLand(int skewSeconds) {
    TrackerHarness skewed = nodes.node("skewed", Duration.ofSeconds(skewSeconds),
        x -> x.heartbeatInterval(SECOND).staleAfter(Duration.ofSeconds(3)));
    TrackerHarness sweeper = nodes.node("sweeper",
        x -> x.heartbeatInterval(SECOND).staleAfter(Duration.ofSeconds(3)));
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      jobs.add(skewed.tracker.start(JobSpec.builder("article", "alice").build()));
    }
    nodes.tick(SECOND, 30, skewed, sweeper);
    for (Job job : jobs) {
      assertThat(nodes.store.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
      job.complete();
      assertThat(nodes.store.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {-60, 60})
  void aCancelRequestStampedByAnotherClockReachesTheWorker(int workerSkewSeconds) {
    SharedBus bus = new SharedBus();
    TrackerHarness worker = nodes.node("worker", Duration.ofSeconds(workerSkewSeconds),
        x -> x.clusterBus(bus.node()));
    TrackerHarness other = nodes.node("other", x -> x.clusterBus(bus.node()));
    Job job = worker.tracker.start(JobSpec.builder("article", "alice").total(10).build());
    job.advance(1);
    other.tracker.cancel(job.id(), "user left");
    nodes.tick(SECOND, 2, worker, other); // a write from behind finds the stored version ahead and writes above it
    bus.deliver();
    assertThat(job.isCancelRequested()).isTrue();
    job.cancelled();
    assertThat(nodes.store.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(nodes.store.find(job.id()).orElseThrow().cancelReason()).isEqualTo("user left");
  }
}
