package dev.headway.truth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headway.HeadwayException;
import dev.headway.Job;
import dev.headway.JobSpec;
import dev.headway.JobStatus;
import dev.headway.testing.Nodes;
import dev.headway.testing.TrackerHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store goes away (simulated here: an in-memory store cannot go down for real; the fault suite in the
 * {@code reliability} module stops a real database). Completions made meanwhile are not acknowledged, stay queued,
 * land once the store is back, and no node sweeps the jobs of another that lived through it.
 */
class StoreOutageTest {
  private static final Duration SECOND = Duration.ofSeconds(1);
  private static final IllegalStateException DOWN = new IllegalStateException("store down (simulated)");

  private final Nodes nodes = new Nodes();
  private final TrackerHarness a = nodes.node("a", b -> b.statusWriteTimeout(Duration.ofMillis(50)));
  private final TrackerHarness b = nodes.node("b", x -> x.statusWriteTimeout(Duration.ofMillis(50)));

  @AfterEach
  void close() {
    nodes.close();
  }

  private List<Job> startJobs(int n) {
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      jobs.add(a.tracker.start(JobSpec.builder("article", "alice").build()));
    }
    return jobs;
  }

  @Test
  void anOutageOfEveryNodeLongerThanStaleAfterLosesNoCompletionAndSweepsNothing() {
    List<Job> jobs = startJobs(10);
    a.store.failWith(DOWN);
    b.store.failWith(DOWN);
    nodes.tick(SECOND, 20, a, b);
    for (Job job : jobs) {
      assertThatThrownBy(job::complete).as("not acknowledged: not durable").isInstanceOf(HeadwayException.class)
          .hasMessageContaining("stays queued");
    }
    assertThat(a.tracker.find(jobs.get(0).id()).orElseThrow().status())
        .as("an end is shown once durable").isEqualTo(JobStatus.RUNNING);
    nodes.tick(SECOND, 280, a, b); // a 5-minute outage in all
    b.store.failWith(null); // b is back first, and would sweep right away if it judged by the store alone
    nodes.tick(SECOND, 5, b);
    a.store.failWith(null);
    nodes.tick(SECOND, 40, b, a);
    for (Job job : jobs) {
      assertThat(nodes.store.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
    }
  }

  @Test
  void aJobWhoseEndCannotBeWrittenKeepsGettingHeartbeats() {
    List<Job> jobs = startJobs(3);
    a.store.failUpdatesWith(DOWN); // heartbeats still reach the store, writes of job states do not
    for (Job job : jobs) {
      assertThatThrownBy(job::complete).isInstanceOf(HeadwayException.class);
    }
    nodes.tick(SECOND, 90, a, b);
    for (Job job : jobs) {
      assertThat(nodes.store.find(job.id()).orElseThrow().status()).as("alive, not swept by b")
          .isEqualTo(JobStatus.RUNNING);
    }
    a.store.failUpdatesWith(null);
    nodes.tick(SECOND, 3, a, b);
    for (Job job : jobs) {
      assertThat(nodes.store.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
    }
  }

  @Test
  void aStatusCallWaitsNoLongerThanItsTimeoutWhateverTheStoreDoes() throws Exception {
    try (TrackerHarness slow = new TrackerHarness(x -> x.statusWriteTimeout(Duration.ofMillis(100)))) {
      Job job = slow.tracker.start(JobSpec.builder("article", "alice").build());
      java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
      slow.store.blockUpdatesUntil(release); // a store that hangs, as a pool waiting for a connection does
      long started = System.nanoTime();
      assertThatThrownBy(job::complete).isInstanceOf(HeadwayException.class).hasMessageContaining("PT0.1S");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
      release.countDown();
      slow.tick(SECOND);
      assertThat(slow.store.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
    }
  }
}
