package dev.headway.sse.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headway.Job;
import dev.headway.JobFilter;
import dev.headway.JobSpec;
import dev.headway.sse.testing.FakeScheduler;
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
  private final StreamFeeds feeds = new StreamFeeds(harness.tracker);
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
}
