package dev.headway.sse.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headway.Job;
import dev.headway.JobFilter;
import dev.headway.JobSnapshot;
import dev.headway.JobSpec;
import dev.headway.sse.testing.FakeScheduler;
import dev.headway.sse.testing.LogReads;
import dev.headway.sse.testing.SseReader;
import dev.headway.testing.TrackerHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Streams fed by shared subscriptions: one per job or scope, one encoding per event, no stream waits for another. */
class StreamFeedsTest {
  private final TrackerHarness harness = new TrackerHarness();
  private final LogReads logReads = new LogReads(harness.tracker);
  private final StreamFeeds feeds = new StreamFeeds(logReads.tracker);
  private final Settings settings = new Settings(harness.tracker, r -> null, p -> null, Duration.ofSeconds(15),
      Duration.ofSeconds(3), Duration.ofMillis(100), 20, 10_000, Duration.ofSeconds(30), harness.clock,
      new FakeScheduler(harness.clock), Runnable::run);
  private final List<EventStream> streams = new ArrayList<>();

  @AfterEach
  void close() {
    harness.close();
  }

  private RecordingSink openOnJob(String id) {
    EventStream stream = new EventStream(settings, true, job -> true, 3000, s -> {});
    stream.subscribed(feeds.job(id, stream, listener -> harness.tracker.subscribe(id, listener)));
    return started(stream);
  }

  private RecordingSink openOnScope(JobFilter scope) {
    EventStream stream = new EventStream(settings, false, job -> true, 3000, s -> {});
    stream.subscribed(feeds.scope(scope, stream, listener -> harness.tracker.subscribe(scope, listener)));
    return started(stream);
  }

  private RecordingSink started(EventStream stream) {
    RecordingSink sink = new RecordingSink();
    sink.attach(stream);
    stream.start(sink);
    streams.add(stream);
    return sink;
  }

  private static List<String> names(RecordingSink sink) {
    return sink.events().stream().map(SseReader.Event::name).toList();
  }

  private Job started(String owner) {
    Job job = harness.tracker.start(JobSpec.builder("article", owner).build());
    harness.deliver();
    return job;
  }

  @Test
  void streamsOnOneJobShareOneSubscriptionAndOneEncoding() {
    Job job = started("alice");
    List<RecordingSink> sinks = List.of(openOnJob(job.id()), openOnJob(job.id()), openOnJob(job.id()));
    assertThat(feeds.size()).isEqualTo(1);

    job.message("writing");
    harness.deliver();

    for (RecordingSink sink : sinks) {
      assertThat(names(sink)).containsExactly("progress");
      assertThat(sink.writes.get(sink.writes.size() - 1)).isSameAs(sinks.get(0).writes.get(1));
    }
  }

  @Test
  void theLastStreamToCloseEndsTheSubscriptionAndALaterOneGetsANewFeed() {
    Job job = started("alice");
    openOnJob(job.id());
    openOnJob(job.id());
    streams.forEach(EventStream::close);
    assertThat(feeds.size()).isZero();

    RecordingSink later = openOnJob(job.id());
    job.message("again");
    harness.deliver();
    assertThat(feeds.size()).isEqualTo(1);
    assertThat(names(later)).containsExactly("progress");
  }

  @Test
  void aStreamWhoseClientIsBehindHoldsBackNoOther() {
    Job job = started("alice");
    RecordingSink behind = openOnJob(job.id());
    RecordingSink keepingUp = openOnJob(job.id());
    behind.ready(false);

    job.message("one");
    harness.deliver();
    harness.clock.advance(Duration.ofSeconds(1));
    job.message("two");
    harness.deliver();

    assertThat(names(keepingUp)).containsExactly("progress", "progress");
    assertThat(names(behind)).isEmpty();
    behind.ready(true);
    assertThat(behind.events()).singleElement()
        .satisfies(e -> assertThat(e.data()).contains("\"message\":\"two\""));
  }

  @Test
  void allJobsStreamsOfOneScopeShareOneFeed() {
    JobFilter alices = JobFilter.all().withOwner("alice");
    RecordingSink first = openOnScope(alices);
    RecordingSink second = openOnScope(alices);
    openOnScope(JobFilter.all().withOwner("bob"));
    assertThat(feeds.size()).isEqualTo(2);

    started("alice");

    assertThat(names(first)).containsExactly("job_started");
    assertThat(names(second)).containsExactly("job_started");
  }

  /** A stream on a job as the endpoints open it: subscribed, then the job's current state as its snapshot. */
  private RecordingSink openWithSnapshot(String id) {
    EventStream stream = new EventStream(settings, true, job -> true, 3000, s -> {});
    stream.subscribed(feeds.job(id, stream, listener -> harness.tracker.subscribe(id, listener)));
    JobSnapshot now = harness.tracker.find(id).orElseThrow();
    stream.offerSnapshot(now);
    feeds.shownOnJob(now);
    return started(stream);
  }

  /** Logs a line a progress interval after the last change, so no progress frame is held back. */
  private void logLater(Job job, String text) {
    harness.clock.advance(Duration.ofSeconds(1));
    job.log(text);
    harness.deliver();
  }

  private static List<String> logTexts(RecordingSink sink) {
    return sink.events().stream().filter(e -> e.name().equals("log"))
        .map(e -> e.data().replaceAll(".*\"text\":\"([^\"]*)\".*", "$1")).toList();
  }

  @Test
  void tenStreamsOnOneJobReadItsLogOncePerChangeAndShareTheLinesFrames() {
    Job job = started("alice");
    List<RecordingSink> sinks = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      sinks.add(openWithSnapshot(job.id()));
    }

    logLater(job, "one");
    logLater(job, "two");

    assertThat(logReads.count.get()).isEqualTo(2);
    for (RecordingSink sink : sinks) {
      assertThat(names(sink)).containsExactly("snapshot", "progress", "log", "progress", "log");
      assertThat(logTexts(sink)).containsExactly("one", "two");
      assertThat(sink.writes.get(3)).as("one encoding of a line for every stream")
          .isSameAs(sinks.get(0).writes.get(3));
    }
  }

  @Test
  void aStreamWhoseClientIsBehindGetsEveryLineItMissedAfterTheLatestState() {
    Job job = started("alice");
    RecordingSink behind = openWithSnapshot(job.id());
    behind.ready(false);
    for (int i = 1; i <= 3; i++) {
      logLater(job, "line " + i);
    }
    behind.ready(true);

    assertThat(names(behind)).as("the latest state, then every line it shows")
        .containsExactly("snapshot", "progress", "log", "log", "log");
    assertThat(logTexts(behind)).containsExactly("line 1", "line 2", "line 3");
    assertThat(behind.events().get(4).lastEventId()).isEqualTo(behind.events().get(1).lastEventId());
    assertThat(behind.events().get(4).hadId()).isFalse();
  }

  @Test
  void aStreamFarBehindKeepsOneJobsLogOfLinesAndDropsTheOldest() {
    Job job = started("alice"); // no steps: one step's worth of lines
    RecordingSink behind = openWithSnapshot(job.id());
    behind.ready(false);
    int logged = dev.headway.Limits.MAX_LOG_LINES_PER_STEP + 20;
    for (int i = 1; i <= logged; i++) {
      logLater(job, "line " + i);
    }
    assertThat(streams.get(0).pendingLines()).isEqualTo(dev.headway.Limits.MAX_LOG_LINES_PER_STEP);
    behind.ready(true);

    List<String> texts = logTexts(behind);
    assertThat(texts).hasSize(dev.headway.Limits.MAX_LOG_LINES_PER_STEP);
    assertThat(texts.get(texts.size() - 1)).isEqualTo("line " + logged);
  }

  @Test
  void aFeedReadsTheLogAfterTheStateItsStreamBeganWithNotTheWholeLog() {
    Job job = started("alice");
    for (int i = 1; i <= 3; i++) {
      logLater(job, "before " + i);
    }
    RecordingSink sink = openWithSnapshot(job.id());
    logLater(job, "after");

    assertThat(logReads.count.get()).isEqualTo(1);
    assertThat(logReads.lastAfter).isEqualTo(3);
    assertThat(logTexts(sink)).containsExactly("after");
  }
}
