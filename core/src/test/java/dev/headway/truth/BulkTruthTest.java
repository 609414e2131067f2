package dev.headway.truth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headway.ChildCounts;
import dev.headway.HeadwayException;
import dev.headway.Job;
import dev.headway.JobSnapshot;
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
 * A bulk job tells the truth about its children through failed writes and dead nodes, and counts them by the work
 * they really did. Store failures are simulated here (see {@code StoreOutageTest}).
 */
class BulkTruthTest {
  private static final Duration SECOND = Duration.ofSeconds(1);
  private static final IllegalStateException DOWN = new IllegalStateException("write failed (simulated)");

  private final Nodes nodes = new Nodes();
  private final TrackerHarness a = nodes.node("a", x -> x.statusWriteTimeout(Duration.ofMillis(50)));

  @AfterEach
  void close() {
    nodes.close();
  }

  private List<Job> children(Job parent, int n) {
    List<Job> kids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      kids.add(parent.startChild(JobSpec.builder("topic", "alice").total(10).build()));
    }
    return kids;
  }

  private JobSnapshot stored(Job job) {
    return nodes.store.find(job.id()).orElseThrow();
  }

  @Test
  void aParentEndsWhenItsLastChildsEndWasWrittenLate() {
    Job parent = a.tracker.start(JobSpec.builder("course", "alice").expectedChildren(2).build());
    List<Job> kids = children(parent, 2);
    kids.get(0).complete();
    a.store.failUpdatesWith(DOWN);
    assertThatThrownBy(kids.get(1)::complete).isInstanceOf(HeadwayException.class);
    a.store.failUpdatesWith(null);
    nodes.tick(SECOND, 1, a);
    assertThat(stored(kids.get(1)).status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(stored(parent).status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(stored(parent).children()).isEqualTo(new ChildCounts(2, 0, 0, 2, 0, 0));
  }

  @Test
  void aParentsFailureAsksItsChildrenToStopEvenWhenItsWriteFailed() {
    Job parent = a.tracker.start(JobSpec.builder("course", "alice").expectedChildren(3).build());
    List<Job> kids = children(parent, 3);
    a.store.failUpdatesWith(DOWN);
    assertThatThrownBy(() -> parent.fail("outline rejected")).isInstanceOf(HeadwayException.class);
    for (Job kid : kids) {
      assertThat(kid.isCancelRequested()).isTrue();
    }
    a.store.failUpdatesWith(null);
    nodes.tick(SECOND, 1, a);
    assertThat(stored(parent).status()).isEqualTo(JobStatus.FAILED);
    for (Job kid : kids) {
      assertThat(stored(kid).cancelRequested()).isTrue();
    }
  }

  @Test
  void aCancelledParentCountsItsChildrenByTheWorkTheyDid() {
    Job parent = a.tracker.start(JobSpec.builder("course", "alice").expectedChildren(5).build());
    List<Job> kids = children(parent, 5);
    a.tracker.cancel(parent.id(), "user left");
    for (Job kid : kids) {
      kid.cancelled();
    }
    JobSnapshot ended = stored(parent);
    assertThat(ended.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(ended.children()).isEqualTo(new ChildCounts(5, 0, 0, 0, 0, 5));
    assertThat(ended.percent()).as("0 of 5 topics done is not 100 %").isEqualTo(0);
  }

  @Test
  void aFailedChildCountsTheWorkItDidBeforeFailing() {
    Job parent = a.tracker.start(JobSpec.builder("course", "alice").expectedChildren(2).build());
    List<Job> kids = children(parent, 2);
    kids.get(0).advance(5);
    kids.get(0).fail("model timed out");
    kids.get(1).complete();
    JobSnapshot ended = stored(parent);
    assertThat(ended.status()).isEqualTo(JobStatus.FAILED);
    assertThat(ended.percent()).as("one whole child and half of the other").isEqualTo(75);
  }

  @Test
  void aSweptParentCountsItsChildrenAsStored() {
    Job parent = a.tracker.start(JobSpec.builder("course", "alice").expectedChildren(3).build());
    List<Job> kids = children(parent, 3);
    kids.get(0).complete();
    // a dies; b sweeps the parent and its two running children together
    TrackerHarness b = nodes.node("b", x -> x);
    nodes.tick(SECOND, 40, b);
    JobSnapshot swept = stored(parent);
    assertThat(swept.status()).isEqualTo(JobStatus.FAILED);
    assertThat(swept.children()).isEqualTo(new ChildCounts(3, 0, 0, 1, 2, 0));
    assertThat(stored(kids.get(1)).status()).isEqualTo(JobStatus.FAILED);
  }
}
