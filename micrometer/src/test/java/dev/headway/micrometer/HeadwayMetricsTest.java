package dev.headway.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headway.Job;
import dev.headway.JobSpec;
import dev.headway.testing.SharedBus;
import dev.headway.testing.TrackerHarness;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The meters on a real tracker, on a fake clock: what each job and store call adds up to. */
class HeadwayMetricsTest {
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final HeadwayMetrics metrics = HeadwayMetrics.builder().types("article", "course").build();
  private final TrackerHarness harness = new TrackerHarness(b -> b.observer(metrics));

  HeadwayMetricsTest() {
    metrics.bindTo(registry);
  }

  @AfterEach
  void close() {
    harness.close();
  }

  private Job article() {
    return harness.tracker.start(JobSpec.builder("article", "alice").step("research", 1).step("writing", 2).build());
  }

  private double count(String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }

  @Test
  void jobsAreCountedByTypeAndOutcomeWithTheirDurations() {
    Job done = article();
    Job failed = article();
    Job cancelled = harness.tracker.start(JobSpec.builder("course", "alice").build());
    assertThat(registry.get("headway.jobs.active").tag("type", "article").gauge().value()).isEqualTo(2);

    harness.clock.advance(Duration.ofSeconds(3));
    done.complete(null);
    failed.fail("model timed out", null);
    cancelled.cancelled();

    assertThat(count("headway.jobs.started", "type", "article")).isEqualTo(2);
    assertThat(count("headway.jobs.ended", "type", "article", "outcome", "completed")).isEqualTo(1);
    assertThat(count("headway.jobs.ended", "type", "article", "outcome", "failed")).isEqualTo(1);
    assertThat(count("headway.jobs.ended", "type", "course", "outcome", "cancelled")).isEqualTo(1);
    assertThat(registry.get("headway.jobs.duration").tags("type", "article", "outcome", "completed").timer()
        .totalTime(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(3);
    assertThat(registry.get("headway.jobs.active").tag("type", "article").gauge().value()).isZero();
  }

  @Test
  void stepsAreTimedByTypeStepAndOutcome() {
    Job job = article();
    job.startStep("research");
    harness.clock.advance(Duration.ofSeconds(2));
    job.startStep("writing"); // completes research
    harness.clock.advance(Duration.ofSeconds(5));
    job.failStep("the model refused");

    assertThat(registry.get("headway.steps.duration").tags("type", "article", "step", "research", "outcome",
        "completed").timer().totalTime(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(2);
    assertThat(registry.get("headway.steps.duration").tags("type", "article", "step", "writing", "outcome", "failed")
        .timer().count()).isEqualTo(1);
  }

  @Test
  void unknownTypesShareOneTagValue() {
    harness.tracker.start(JobSpec.builder("user-supplied-1", "alice").build());
    harness.tracker.start(JobSpec.builder("user-supplied-2", "alice").build());

    assertThat(count("headway.jobs.started", "type", HeadwayMetrics.OTHER)).isEqualTo(2);
    assertThat(registry.find("headway.jobs.started").tag("type", "user-supplied-1").counter()).isNull();
  }

  @Test
  void firstSeenTypesAreCappedToo() {
    HeadwayMetrics capped = HeadwayMetrics.builder().maxTypes(1).build();
    MeterRegistry own = new SimpleMeterRegistry();
    capped.bindTo(own);
    try (TrackerHarness h = new TrackerHarness(b -> b.observer(capped))) {
      h.tracker.start(JobSpec.builder("first", "alice").build());
      h.tracker.start(JobSpec.builder("second", "alice").build());
    }
    assertThat(own.get("headway.jobs.started").tag("type", "first").counter().count()).isEqualTo(1);
    assertThat(own.get("headway.jobs.started").tag("type", HeadwayMetrics.OTHER).counter().count()).isEqualTo(1);
  }

  @Test
  void storeCallsAreTimedAndTheirFailuresCountedByOperation() {
    Job job = harness.tracker.start(JobSpec.builder("article", "alice").total(10).build());
    job.advance(1);
    harness.tick(Duration.ofMillis(200)); // a flush
    assertThat(registry.get("headway.store.flush").timer().count()).isPositive();
    assertThat(registry.get("headway.store.flush.size").summary().max()).isEqualTo(1);
    assertThat(registry.get("headway.store.calls").tag("operation", "insert").timer().count()).isEqualTo(1);

    harness.store.failUpdatesWith(new IllegalStateException("database down"));
    job.advance(1);
    harness.tick(Duration.ofMillis(200)); // a flush that fails; the job stays in memory and is retried
    assertThat(count("headway.store.errors", "operation", "update")).isPositive();
  }

  @Test
  void busNoticesAreCountedBothWays() {
    SharedBus bus = new SharedBus();
    dev.headway.spi.JobStore shared = dev.headway.spi.JobStore.inMemory();
    HeadwayMetrics onA = HeadwayMetrics.builder().build();
    MeterRegistry own = new SimpleMeterRegistry();
    onA.bindTo(own);
    try (TrackerHarness a = new TrackerHarness(shared, b -> b.observer(onA).clusterBus(bus.node()).nodeId("a"));
        TrackerHarness b = new TrackerHarness(shared, x -> x.clusterBus(bus.node()).nodeId("b"))) {
      a.tracker.start(JobSpec.builder("article", "alice").build());
      b.tracker.start(JobSpec.builder("article", "bob").build());
      bus.deliver();
      assertThat(own.get("headway.bus.notices").tag("direction", "sent").counter().count()).isEqualTo(1);
      assertThat(own.get("headway.bus.notices").tag("direction", "received").counter().count()).isEqualTo(2);
    }
  }

  @Test
  void trackerGaugesReadStalledJobsAndTheBacklog() {
    metrics.bindTracker(registry, harness.tracker);
    harness.tracker.start(JobSpec.builder("article", "alice").total(10).build());
    harness.tick(Duration.ofSeconds(31)); // stallAfter defaults to 30 s

    assertThat(registry.get("headway.jobs.stalled").gauge().value()).isEqualTo(1);
    assertThat(registry.get("headway.store.backlog").gauge().value()).isZero();
  }

  @Test
  void streamMetersReadTheEndpointsCounts() {
    AtomicInteger open = new AtomicInteger(3);
    metrics.bindStreams(registry, open, AtomicInteger::get, o -> 7);

    assertThat(registry.get("headway.streams.open").gauge().value()).isEqualTo(3);
    assertThat(registry.get("headway.streams.resumed").functionCounter().count()).isEqualTo(7);
  }

  @Test
  void anObserverThatIsNotBoundYetCountsNothingAndBreaksNothing() {
    HeadwayMetrics unbound = HeadwayMetrics.builder().build();
    try (TrackerHarness h = new TrackerHarness(b -> b.observer(unbound))) {
      h.tracker.start(JobSpec.builder("article", "alice").build()).complete(null);
    }
    assertThat(registry.find("headway.jobs.started").tag("type", "article").counters()).isEmpty();
  }
}
