package dev.headway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headway.testing.RecordingListener;
import dev.headway.testing.TrackerHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A bulk job is a parent whose children roll up into "X of Y" and a combined percent. Once sealed (explicitly, or
 * by creating the expected number of children) it ends by itself with its last child: COMPLETED only if every child
 * completed, FAILED if any failed, else CANCELLED if any was cancelled.
 */
class BulkJobTest {
  private final TrackerHarness h = new TrackerHarness();

  @AfterEach
  void close() {
    h.close();
  }

  private List<Job> children(Job parent, int n) {
    List<Job> kids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      kids.add(parent.startChild(JobSpec.builder("article", "alice").total(10).attribute("n", "" + i).build()));
    }
    return kids;
  }

  @Test
  void parentShowsXOfYAndCombinedPercentLive() {
    Job parent = h.tracker.start(JobSpec.builder("bulk", "alice").expectedChildren(4).build());
    assertThat(parent.snapshot().children()).isEqualTo(new ChildCounts(4, 0, 0, 0, 0, 0));

    List<Job> kids = children(parent, 4);
    assertThat(kids.get(0).snapshot().parentId()).isEqualTo(parent.id());
    assertThat(parent.snapshot().children()).isEqualTo(new ChildCounts(4, 0, 4, 0, 0, 0));

    kids.get(0).advance(5);
    kids.get(1).advance(10);
    kids.get(1).complete();
    JobSnapshot s = parent.snapshot();
    assertThat(s.children()).isEqualTo(new ChildCounts(4, 0, 3, 1, 0, 0));
    assertThat(s.percent()).isEqualTo(37.5);
    assertThat(h.tracker.list(JobFilter.all().withParent(parent.id()))).hasSize(4);
  }

  @Test
  void parentCompletesWhenEveryChildCompleted() {
    Job parent = h.tracker.start(JobSpec.builder("bulk", "alice").expectedChildren(2).build());
    List<Job> kids = children(parent, 2);
    assertThatThrownBy(() -> parent.startChild(JobSpec.builder("article", "alice").build()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("sealed");
    kids.get(0).complete();
    assertThat(parent.snapshot().status()).isEqualTo(JobStatus.RUNNING);
    kids.get(1).complete();
    JobSnapshot s = parent.snapshot();
    assertThat(s.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(s.percent()).isEqualTo(100);
    assertThat(s.children()).isEqualTo(new ChildCounts(2, 0, 0, 2, 0, 0));
    assertThat(h.store.find(parent.id()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
  }

  @Test
  void partialFailureStaysVisible() {
    Job parent = h.tracker.start(JobSpec.builder("bulk", "alice").build());
    List<Job> kids = children(parent, 3);
    parent.sealChildren();
    kids.get(0).complete();
    kids.get(1).fail("model refused");
    kids.get(2).complete();
    JobSnapshot s = parent.snapshot();
    assertThat(s.status()).isEqualTo(JobStatus.FAILED);
    assertThat(s.error().message()).isEqualTo("1 of 3 children failed");
    assertThat(s.children()).isEqualTo(new ChildCounts(3, 0, 0, 2, 1, 0));
  }

  @Test
  void cancellingTheParentCancelsItsChildren() {
    Job parent = h.tracker.start(JobSpec.builder("course", "alice").expectedChildren(3).build());
    List<Job> kids = children(parent, 2);
    Job queued = parent.startChild(JobSpec.builder("topic", "alice").queued().build());
    h.tracker.cancel(parent.id(), "user cancelled the course");
    assertThat(kids).allSatisfy(k -> assertThat(k.isCancelRequested()).isTrue());
    assertThat(queued.snapshot().status()).as("a queued child is cancelled at once").isEqualTo(JobStatus.CANCELLED);
    assertThat(parent.snapshot().status()).isEqualTo(JobStatus.RUNNING);
    kids.forEach(Job::close);
    JobSnapshot s = parent.snapshot();
    assertThat(s.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(s.children()).isEqualTo(new ChildCounts(3, 0, 0, 0, 0, 3));
  }

  @Test
  void completingAParentWithActiveChildrenIsRefused() {
    Job parent = h.tracker.start(JobSpec.builder("bulk", "alice").build());
    Job kid = children(parent, 1).get(0);
    assertThatThrownBy(parent::complete).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("1 active children").hasMessageContaining("sealChildren");
    kid.complete();
    parent.complete("{\"articles\":1}");
    assertThat(parent.snapshot().status()).isEqualTo(JobStatus.COMPLETED);
  }

  @Test
  void aFailingParentWorkerCancelsItsChildren() {
    Job parent = h.tracker.start(JobSpec.builder("bulk", "alice").build());
    Job kid = children(parent, 1).get(0);
    parent.fail("planner crashed");
    assertThat(kid.isCancelRequested()).isTrue();
    assertThat(kid.snapshot().cancelReason()).contains(parent.id());
  }

  @Test
  void sealedParentWithoutChildrenCompletesAtOnce() {
    Job parent = h.tracker.start(JobSpec.builder("bulk", "alice").build());
    parent.sealChildren();
    assertThat(parent.snapshot().status()).isEqualTo(JobStatus.COMPLETED);
  }

  @Test
  void closingASealedParentLeavesItToItsChildren() {
    Job kid;
    Job parent;
    try (Job p = h.tracker.start(JobSpec.builder("bulk", "alice").build())) {
      parent = p;
      kid = children(p, 1).get(0);
      p.sealChildren();
    }
    assertThat(parent.snapshot().status()).isEqualTo(JobStatus.RUNNING);
    kid.complete();
    assertThat(parent.snapshot().status()).isEqualTo(JobStatus.COMPLETED);
  }

  @Test
  void parentListenersSeeChildProgress() {
    Job parent = h.tracker.start(JobSpec.builder("bulk", "alice").expectedChildren(2).build());
    RecordingListener listener = new RecordingListener();
    h.tracker.subscribe(parent.id(), listener);
    List<Job> kids = children(parent, 2);
    kids.get(0).advance(10);
    h.deliver();
    assertThat(listener.last().job().percent()).isEqualTo(50);
    kids.get(0).complete();
    kids.get(1).complete();
    h.deliver();
    assertThat(listener.awaitTerminal(parent.id(), Duration.ofSeconds(1)).type()).isEqualTo(JobEventType.JOB_COMPLETED);
  }
}
