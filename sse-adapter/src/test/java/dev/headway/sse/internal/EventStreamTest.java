package dev.headway.sse.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headway.JobEvent;
import dev.headway.JobEventType;
import dev.headway.JobSnapshot;
import dev.headway.JobStatus;
import dev.headway.json.JobJson;
import dev.headway.sse.testing.FakeScheduler;
import dev.headway.sse.testing.SseReader;
import dev.headway.testing.MutableClock;
import dev.headway.testing.SnapshotBuilder;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The stream writer on its own: a fake clock and scheduler, writes on the test's thread. */
class EventStreamTest {
  private final MutableClock clock = MutableClock.atEpoch();
  private final FakeScheduler scheduler = new FakeScheduler(clock);
  private final RecordingSink sink = new RecordingSink();
  private final AtomicInteger closes = new AtomicInteger();

  private Settings settings(java.util.concurrent.Executor executor) {
    return new Settings(null, r -> null, p -> null, Duration.ofSeconds(15), Duration.ofSeconds(3),
        Duration.ofMillis(100), 20, 10_000, Duration.ofSeconds(30), clock, scheduler, executor);
  }

  private EventStream stream(boolean singleJob) {
    return new EventStream(settings(Runnable::run), singleJob, job -> true, 3000, s -> closes.incrementAndGet());
  }

  private void start(EventStream stream) {
    sink.attach(stream);
    stream.start(sink);
  }

  private static JobSnapshot job(String id, long version) {
    return SnapshotBuilder.job().id(id).version(version).message("v" + version).build();
  }

  private static JobEvent event(JobEventType type, JobSnapshot job) {
    return new JobEvent(type, job);
  }

  /** Offers an event as its feed would. */
  private static void offer(EventStream stream, JobEvent event) {
    stream.offer(event.type().wireName(), new JobFrames(event.job()));
  }

  private List<String> names() {
    return sink.events().stream().map(SseReader.Event::name).toList();
  }

  private List<String> ids() {
    return sink.events().stream().map(SseReader.Event::lastEventId).toList();
  }

  @Test
  void startsWithTheRetryHintThenTheSnapshot() {
    EventStream stream = stream(true);
    JobSnapshot job = job("a", 5);
    stream.offerSnapshot(job);
    start(stream);

    assertThat(sink.text()).startsWith("retry: 3000\n\n");
    assertThat(sink.events()).containsExactly(new SseReader.Event("snapshot", JobJson.write(job), "5"));
  }

  @Test
  void eventsNotNewerThanWhatTheClientHasAreDropped() {
    EventStream stream = stream(true);
    offer(stream, event(JobEventType.JOB_STARTED, job("a", 5))); // arrived between subscribe and find
    stream.offerSnapshot(job("a", 5));
    start(stream);
    offer(stream, event(JobEventType.JOB_STARTED, job("a", 5)));
    offer(stream, event(JobEventType.STEP_STARTED, job("a", 6)));

    assertThat(names()).containsExactly("snapshot", "step_started");
    assertThat(ids()).containsExactly("5", "6");
  }

  @Test
  void aClientThatHasTheCurrentStateGetsOnlyWhatFollows() {
    EventStream stream = stream(true);
    stream.alreadySent(job("a", 5));
    start(stream);
    offer(stream, event(JobEventType.PROGRESS, job("a", 5)));
    offer(stream, event(JobEventType.PROGRESS, job("a", 6)));

    assertThat(names()).containsExactly("progress");
    assertThat(ids()).containsExactly("6");
  }

  @Test
  void progressIsRateLimitedPerJobAndTheLatestIsSentWhenDue() {
    EventStream stream = stream(false);
    start(stream);
    offer(stream, event(JobEventType.PROGRESS, job("a", 1)));
    offer(stream, event(JobEventType.PROGRESS, job("b", 1))); // another job has its own budget
    for (int v = 2; v <= 9; v++) {
      clock.advance(Duration.ofMillis(10));
      offer(stream, event(JobEventType.PROGRESS, job("a", v)));
    }
    assertThat(ids()).containsExactly("1", "1");

    scheduler.advance(Duration.ofMillis(19)); // 99 ms after the first write: not yet
    assertThat(ids()).containsExactly("1", "1");
    scheduler.advance(Duration.ofMillis(1));
    assertThat(ids()).containsExactly("1", "1", "9");
    assertThat(sink.events().get(2).data()).isEqualTo(JobJson.write(job("a", 9)));
  }

  @Test
  void aDelayDoesNotCarryOverToTheNextFrameOfAJobThatMovesOncePerInterval() {
    EventStream stream = stream(false);
    start(stream);
    offer(stream, event(JobEventType.PROGRESS, madeNow("a", 1)));
    clock.advance(Duration.ofMillis(60));
    offer(stream, event(JobEventType.PROGRESS, madeNow("a", 2))); // 60 ms after the last: held 40 ms
    scheduler.advance(Duration.ofMillis(40));
    assertThat(ids()).containsExactly("1", "2");

    clock.advance(Duration.ofMillis(60));
    offer(stream, event(JobEventType.PROGRESS, madeNow("a", 3))); // 100 ms after state 2 was made: at once
    assertThat(ids()).as("written 60 ms after the last write, since its state is an interval newer")
        .containsExactly("1", "2", "3");
  }

  /** A state of a job made at the test clock's current time. */
  private JobSnapshot madeNow(String id, long version) {
    return SnapshotBuilder.from(job(id, version)).updatedAt(clock.instant()).build();
  }

  @Test
  void statusStepAndTerminalEventsAreNeverHeldBack() {
    EventStream stream = stream(true);
    start(stream);
    offer(stream, event(JobEventType.PROGRESS, job("a", 1)));
    offer(stream, event(JobEventType.PROGRESS, job("a", 2)));
    offer(stream, event(JobEventType.STEP_STARTED, job("a", 3)));
    offer(stream, event(JobEventType.PROGRESS, job("a", 4)));
    offer(stream, event(JobEventType.CANCEL_REQUESTED, job("a", 5)));
    JobSnapshot done = SnapshotBuilder.from(job("a", 6)).status(JobStatus.CANCELLED).build();
    offer(stream, event(JobEventType.JOB_CANCELLED, done));

    // The held progress (2) rides along with the step event that follows it; the one after the step (4) with the
    // cancel request. No time passed, nothing waited.
    assertThat(names()).containsExactly("progress", "step_started", "cancel_requested", "job_cancelled");
    assertThat(ids()).containsExactly("1", "3", "5", "6");
  }

  @Test
  void aSlowReaderHoldsOneSnapshotPerJobAndGetsTheLatestOfEach() {
    EventStream stream = stream(false);
    start(stream);
    sink.ready(false);
    int jobs = 50;
    for (int v = 1; v <= 200; v++) {
      for (int j = 0; j < jobs; j++) {
        JobEventType type = v % 50 == 0 ? JobEventType.STEP_STARTED : JobEventType.PROGRESS;
        offer(stream, event(type, job("job-" + j, v)));
      }
      assertThat(stream.pendingSnapshots()).isLessThanOrEqualTo(jobs);
    }
    assertThat(stream.pendingSnapshots()).isEqualTo(jobs);

    sink.ready(true);
    List<SseReader.Event> received = sink.events();
    assertThat(received).hasSize(jobs);
    assertThat(received).allSatisfy(e -> {
      assertThat(e.name()).isEqualTo("step_started"); // the step event was kept, carrying the newest state
      assertThat(e.lastEventId()).isEqualTo("200");
    });
    assertThat(stream.pendingSnapshots()).isZero();
  }

  @Test
  void aReaderThatFellBehindGetsEachKindOfEventOnceWithTheNewestState() {
    EventStream stream = stream(true);
    start(stream);
    sink.ready(false);
    offer(stream, event(JobEventType.STEP_STARTED, job("a", 2)));
    offer(stream, event(JobEventType.STEP_COMPLETED, job("a", 3)));
    offer(stream, event(JobEventType.STEP_STARTED, job("a", 4)));
    offer(stream, event(JobEventType.PROGRESS, job("a", 5)));
    sink.ready(true);

    assertThat(names()).containsExactly("step_completed", "step_started");
    assertThat(ids()).containsExactly("5", "5");
  }

  @Test
  void aSingleJobStreamEndsAfterTheTerminalState() {
    EventStream stream = stream(true);
    start(stream);
    JobSnapshot done = SnapshotBuilder.from(job("a", 2)).status(JobStatus.COMPLETED).build();
    offer(stream, event(JobEventType.JOB_COMPLETED, done));
    offer(stream, event(JobEventType.PROGRESS, job("a", 3)));

    assertThat(names()).containsExactly("job_completed");
    assertThat(sink.closes).isEqualTo(1);
    assertThat(closes).hasValue(1);
    assertThat(stream.isClosed()).isTrue();
  }

  @Test
  void theAllJobsStreamForgetsAJobOnceItEnded() {
    EventStream stream = stream(false);
    start(stream);
    JobSnapshot done = SnapshotBuilder.from(job("a", 2)).status(JobStatus.FAILED).build();
    offer(stream, event(JobEventType.JOB_FAILED, done));
    offer(stream, event(JobEventType.JOB_STARTED, job("b", 1)));

    assertThat(names()).containsExactly("job_failed", "job_started");
    assertThat(stream.isClosed()).isFalse();
    assertThat(sink.closes).isZero();
  }

  @Test
  void invisibleJobsAreNotSent() {
    EventStream stream = new EventStream(settings(Runnable::run), false, job -> job.owner().equals("alice"), 3000,
        s -> closes.incrementAndGet());
    start(stream);
    offer(stream, event(JobEventType.JOB_STARTED, SnapshotBuilder.from(job("x", 1)).owner("bob").build()));
    offer(stream, event(JobEventType.JOB_STARTED, job("y", 1)));

    assertThat(sink.events()).extracting(SseReader.Event::data).containsExactly(JobJson.write(job("y", 1)));
  }

  @Test
  void heartbeatsAreComments() {
    EventStream stream = stream(false);
    start(stream);
    stream.heartbeat();
    stream.heartbeat();

    assertThat(sink.text()).endsWith(": heartbeat\n\n: heartbeat\n\n");
    assertThat(sink.events()).isEmpty();
  }

  @Test
  void aClientThatIsGoneClosesTheStreamOnce() {
    EventStream stream = stream(false);
    AtomicInteger subscriptionsClosed = new AtomicInteger();
    stream.subscribed(new dev.headway.Subscription() {
      @Override
      public void close() {
        subscriptionsClosed.incrementAndGet();
      }

      @Override
      public boolean isActive() {
        return subscriptionsClosed.get() == 0;
      }
    });
    start(stream);
    sink.failWith(new IOException("Broken pipe"));
    stream.heartbeat();
    stream.heartbeat();

    assertThat(stream.isClosed()).isTrue();
    assertThat(subscriptionsClosed).hasValue(1);
    assertThat(closes).hasValue(1);
    assertThat(sink.closes).isEqualTo(1);
  }

  @Test
  void aWriteStuckForAHeartbeatIntervalBreaksTheConnection() throws Exception {
    CountDownLatch blocked = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    StreamSink stuck = new StreamSink() {
      @Override
      public boolean blocks() {
        return true;
      }

      @Override
      public boolean isReady() {
        return true;
      }

      @Override
      public void write(byte[] bytes) throws IOException {
        blocked.countDown();
        try {
          new CountDownLatch(1).await(); // a client that stopped reading: only an interrupt gets out
        } catch (InterruptedException e) {
          throw new InterruptedIOException("interrupted");
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {
        closed.countDown();
      }
    };
    ExecutorService writer = Executors.newSingleThreadExecutor();
    try {
      EventStream stream = new EventStream(settings(writer), false, job -> true, 3000, s -> closes.incrementAndGet());
      stream.start(stuck);
      assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();

      clock.advance(Duration.ofSeconds(14));
      stream.heartbeat();
      assertThat(stream.isClosed()).as("stuck for less than an interval").isFalse();

      clock.advance(Duration.ofSeconds(1));
      stream.heartbeat();
      assertThat(closed.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(stream.isClosed()).isTrue();
      assertThat(closes).hasValue(1);
    } finally {
      writer.shutdownNow();
    }
  }
}
