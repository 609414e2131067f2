package dev.headway.sse;

import static org.assertj.core.api.Assertions.assertThat;

import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.ErrorStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.MessageEvent;
import com.launchdarkly.eventsource.StreamException;
import dev.headway.Job;
import dev.headway.JobSnapshot;
import dev.headway.JobSpec;
import dev.headway.JobStatus;
import dev.headway.ProgressTracker;
import dev.headway.json.JobJson;
import dev.headway.spi.JobStore;
import dev.headway.sse.testing.Await;
import dev.headway.sse.testing.Host;
import dev.headway.sse.testing.RawHttp;
import dev.headway.sse.testing.SseReader;
import dev.headway.testing.MutableClock;
import dev.headway.testing.TrackerHarness;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the endpoints promise, checked over real sockets against a real server; each host runs all of it. */
abstract class EndpointsContract extends EndpointsHarness {
  // ---- one job's stream ----

  @Test
  void aJobStreamStartsWithTheSnapshotAndCarriesEveryStepUntilTheEnd() throws Exception {
    Job job = start("alice");
    job.startStep("research");
    EventSource source = eventSource("/jobs/" + job.id() + "/events", "alice", null);

    MessageEvent first = source.readMessage();
    assertThat(first.getEventName()).isEqualTo("snapshot");
    assertThat(first.getData()).isEqualTo(JobJson.write(current(job)));
    assertThat(first.getLastEventId()).isEqualTo(Long.toString(current(job).version()));

    job.progress(1, 2);
    job.startStep("writing");
    job.progress(0.5);
    job.complete("{\"words\": 1200}");
    List<String> names = new ArrayList<>();
    for (MessageEvent e = source.readMessage(); ; e = source.readMessage()) {
      names.add(e.getEventName());
      assertThat(e.getLastEventId()).isEqualTo(Long.toString(snapshot(e).version()));
      if (e.getEventName().equals("job_completed")) {
        assertThat(e.getData()).isEqualTo(JobJson.write(current(job)));
        break;
      }
    }
    assertThat(names.stream().filter(n -> !n.equals("progress")))
        .containsExactly("step_completed", "step_started", "job_completed");
  }

  @Test
  void theStreamIsWellFormedOnTheWireAndEndsAfterTheTerminalEvent() throws Exception {
    Job job = start("alice");
    RawHttp response = raw("/jobs/" + job.id() + "/events", "alice");

    assertThat(response.status).isEqualTo(200);
    assertThat(response.headers.get("content-type").replace(" ", "").toLowerCase(Locale.ROOT))
        .isEqualTo("text/event-stream;charset=utf-8");
    assertThat(response.headers.get("cache-control")).isEqualTo("no-cache, no-transform");
    assertThat(response.headers.get("x-accel-buffering")).isEqualTo("no");
    assertThat(response.headers).doesNotContainKeys("content-encoding", "content-length");

    SseReader reader = new SseReader(response.body);
    SseReader.Event first = reader.next();
    assertThat(first.name()).isEqualTo("snapshot");
    assertThat(reader.retry()).isBetween(1000L, 2000L); // 1 s plus jitter of up to as much again
    job.complete(null);
    SseReader.Event last = first;
    for (SseReader.Event e = reader.next(); e != null; e = reader.next()) {
      last = e;
    }
    assertThat(last.name()).as("the last event before the stream ends").isEqualTo("job_completed");
    assertThat(last.lastEventId()).isEqualTo(Long.toString(current(job).version()));
  }

  @Test
  void lineBreaksColonsAndNonAsciiInAMessageArriveIntact() throws Exception {
    String text = "cr\rlf\ncrlf\r\n: colon at the start, a: b, data: x\n\nevent: evil, ünïcödé 日本語 😀 \u2028 end";
    Job job = start("alice");
    EventSource source = eventSource("/jobs/" + job.id() + "/events", "alice", null);
    RawHttp rawStream = raw("/jobs/" + job.id() + "/events", "alice");
    SseReader reader = new SseReader(rawStream.body);
    source.readMessage();
    reader.next();

    job.startStep("research");
    job.message(text);
    job.complete(null);

    assertThat(snapshot(readUntil(source, "job_completed")).message()).isEqualTo(text);
    SseReader.Event e = reader.next();
    while (!e.name().equals("job_completed")) {
      e = reader.next();
    }
    assertThat(JobJson.read(e.data()).message()).isEqualTo(text);
  }

  @Test
  void aReconnectWithTheCurrentIdGetsOnlyWhatFollowsAndAStaleIdGetsTheCurrentState() throws Exception {
    Job job = start("alice");
    job.startStep("research");
    long now = current(job).version();

    EventSource resumed = eventSource("/jobs/" + job.id() + "/events", "alice", Long.toString(now));
    resumed.start();
    EventSource stale = eventSource("/jobs/" + job.id() + "/events", "alice", Long.toString(now - 1));
    assertThat(stale.readMessage().getEventName()).isEqualTo("snapshot");
    EventSource unknown = eventSource("/jobs/" + job.id() + "/events", "alice", "not-a-version");
    assertThat(unknown.readMessage().getEventName()).isEqualTo("snapshot");

    job.startStep("writing");
    MessageEvent next = resumed.readMessage();
    assertThat(next.getEventName()).isEqualTo("step_completed");
    assertThat(Long.parseLong(next.getLastEventId())).isGreaterThan(now);
  }

  @Test
  void anEndedJobIsSentOnceThenAReconnectGets204() throws Exception {
    Job job = start("alice");
    job.complete(null);
    long end = current(job).version();

    SseReader reader = new SseReader(raw("/jobs/" + job.id() + "/events", "alice").body);
    SseReader.Event only = reader.next();
    assertThat(only.name()).isEqualTo("snapshot");
    assertThat(JobJson.read(only.data()).status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(reader.next()).as("the stream ends after the terminal state").isNull();

    HttpResponse<String> again = get("/jobs/" + job.id() + "/events", "alice", "Last-Event-ID", Long.toString(end));
    assertThat(again.statusCode()).isEqualTo(204);
    assertThat(get("/jobs/" + job.id() + "/events?lastEventId=" + end, "alice").statusCode()).isEqualTo(204);
    Await.until("no stream left open", () -> endpoints.openStreams() == 0, WAIT);
  }

  // ---- polling ----

  @Test
  void aSnapshotHasAnETagAndIfNoneMatchGets304() throws Exception {
    Job job = start("alice");
    HttpResponse<String> first = get("/jobs/" + job.id(), "alice");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v)
        .startsWith("application/json"));
    assertThat(first.body()).isEqualTo(JobJson.write(current(job)));
    String etag = first.headers().firstValue("etag").orElseThrow();
    assertThat(etag).isEqualTo("\"" + current(job).version() + "\"");

    HttpResponse<String> same = get("/jobs/" + job.id(), "alice", "If-None-Match", etag);
    assertThat(same.statusCode()).isEqualTo(304);
    assertThat(same.body()).isEmpty();

    job.message("moved");
    HttpResponse<String> changed = get("/jobs/" + job.id(), "alice", "If-None-Match", etag);
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(JobJson.read(changed.body()).message()).isEqualTo("moved");
  }

  @Test
  void aLongPollAnswersWhenTheVersionMoves() throws Exception {
    Job job = start("alice");
    long v = current(job).version();
    var pending = http.sendAsync(HttpRequest.newBuilder(uri("/jobs/" + job.id() + "?after=" + v + "&waitMs=5000"))
        .header("X-User", "alice").build(), HttpResponse.BodyHandlers.ofString());
    job.message("moved");

    HttpResponse<String> answer = pending.get(10, TimeUnit.SECONDS);
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(JobJson.read(answer.body()).version()).isGreaterThan(v);
  }

  @Test
  void aLongPollEndsWith304AndWaitsNoLongerThanTheServerAllows() throws Exception {
    Job job = start("alice");
    long v = current(job).version();

    long started = System.nanoTime();
    HttpResponse<String> shortWait = get("/jobs/" + job.id() + "?after=" + v + "&waitMs=200", "alice");
    assertThat(shortWait.statusCode()).isEqualTo(304);
    assertThat(shortWait.headers().firstValue("etag")).hasValue("\"" + v + "\"");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));

    started = System.nanoTime();
    HttpResponse<String> longWait = get("/jobs/" + job.id() + "?after=" + v + "&waitMs=600000", "alice");
    assertThat(longWait.statusCode()).isEqualTo(304);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(500), WAIT);
  }

  @Test
  void aLongPollWithAVersionThatIsNotCurrentGetsTheCurrentStateAtOnce() throws Exception {
    Job job = start("alice");
    long v = current(job).version();
    HttpResponse<String> stale = get("/jobs/" + job.id() + "?after=" + (v + 1_000_000) + "&waitMs=5000", "alice");
    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(JobJson.read(stale.body()).version()).isEqualTo(v);

    job.complete(null);
    long end = current(job).version();
    assertThat(get("/jobs/" + job.id() + "?after=" + end + "&waitMs=5000", "alice").statusCode())
        .as("an ended job never changes: no wait").isEqualTo(304);
    assertThat(get("/jobs/" + job.id() + "?after=x", "alice").statusCode()).isEqualTo(400);
  }

  // ---- access ----

  @Test
  void someoneElsesJobIsA404OnEveryEndpointExactlyLikeAnUnknownId() throws Exception {
    Job bobs = start("bob");
    String unknown = "AAAAAAAAAAAAAAAAAAAAAA";
    String[][] requests = {
        {"GET", "/jobs/%s"},
        {"GET", "/jobs/%s?after=1&waitMs=100"},
        {"GET", "/jobs/%s/events"},
        {"POST", "/jobs/%s/cancel"},
    };
    for (String[] r : requests) {
      for (String user : new String[] {"alice", null}) {
        HttpResponse<String> forbidden = r[0].equals("GET")
            ? get(String.format(r[1], bobs.id()), user)
            : post(String.format(r[1], bobs.id()), user);
        HttpResponse<String> missing = r[0].equals("GET")
            ? get(String.format(r[1], unknown), user)
            : post(String.format(r[1], unknown), user);
        assertThat(forbidden.statusCode()).as(r[0] + " " + r[1]).isEqualTo(404);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(forbidden.body().replace(bobs.id(), "ID")).isEqualTo(missing.body().replace(unknown, "ID"));
        assertThat(forbidden.headers().firstValue("content-type"))
            .isEqualTo(missing.headers().firstValue("content-type"));
      }
    }
    assertThat(get("/jobs", "alice").body()).doesNotContain(bobs.id());
    assertThat(current(bobs).cancelRequested()).isFalse();

    Job alices = start("alice");
    EventSource all = eventSource("/events", "alice", null);
    assertThat(snapshot(all.readMessage()).id()).isEqualTo(alices.id());
    bobs.startStep("research");
    bobs.complete(null);
    alices.startStep("research");
    MessageEvent next = all.readMessage();
    assertThat(snapshot(next).id()).as("bob's events never reach alice").isEqualTo(alices.id());
  }

  @Test
  void cancelIsAcceptedWith202AndRefusedWith409OnceTheJobEnded() throws Exception {
    Job job = start("alice");
    HttpResponse<String> accepted = post("/jobs/" + job.id() + "/cancel?reason=changed%20my%20mind", "alice");
    assertThat(accepted.statusCode()).isEqualTo(202);
    JobSnapshot requested = JobJson.read(accepted.body());
    assertThat(requested.cancelRequested()).isTrue();
    assertThat(requested.cancelReason()).isEqualTo("changed my mind");
    assertThat(job.isCancelRequested()).isTrue();

    job.cancelled();
    HttpResponse<String> refused = post("/jobs/" + job.id() + "/cancel", "alice");
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.body()).contains("\"error\"").contains("cancelled");
    assertThat(get("/jobs/" + job.id() + "/cancel", "alice").statusCode()).isEqualTo(405);
  }

  // ---- limits and lifetimes ----

  @Test
  void aCallerOverTheStreamCapGets429UntilOneOfTheirStreamsCloses() throws Exception {
    JobEndpoints capped = endpoints(tracker, b -> b.maxStreamsPerPrincipal(2));
    base = serve(capped);
    Job job = start("alice");
    Job bobs = start("bob");
    String path = "/jobs/" + job.id() + "/events";
    RawHttp one = raw(path, "alice");
    RawHttp two = raw("/events", "alice");
    assertThat(List.of(one.status, two.status)).containsOnly(200);

    HttpResponse<String> third = get(path, "alice");
    assertThat(third.statusCode()).isEqualTo(429);
    assertThat(third.body()).contains("\"error\"");
    assertThat(third.headers().firstValue("retry-after")).isPresent();
    assertThat(raw("/jobs/" + bobs.id() + "/events", "bob").status).as("the cap is per caller").isEqualTo(200);

    one.close();
    Await.until("the closed stream is released", () -> capped.openStreams() == 2, WAIT);
    assertThat(raw(path, "alice").status).isEqualTo(200);
  }

  @Test
  void aClientThatGoesAwayReleasesItsStream() throws Exception {
    Job job = start("alice");
    RawHttp stream = raw("/jobs/" + job.id() + "/events", "alice");
    new SseReader(stream.body).next();
    assertThat(endpoints.openStreams()).isEqualTo(1);

    stream.close();
    Await.until("the heartbeat finds the client gone", () -> endpoints.openStreams() == 0, WAIT);
  }

  // ---- all of the caller's jobs ----

  @Test
  void theAllJobsStreamShowsTheCallersActiveJobsThenNewAndEndingOnes() throws Exception {
    Job ended = start("alice");
    ended.complete(null);
    Job active = start("alice");
    start("bob");
    EventSource all = eventSource("/events", "alice", null);

    MessageEvent first = all.readMessage();
    assertThat(first.getEventName()).isEqualTo("snapshot");
    assertThat(snapshot(first).id()).isEqualTo(active.id());

    Job added = start("alice");
    MessageEvent appeared = all.readMessage();
    assertThat(appeared.getEventName()).isEqualTo("job_started");
    assertThat(snapshot(appeared).id()).isEqualTo(added.id());

    active.complete(null);
    MessageEvent completed = readUntil(all, "job_completed");
    assertThat(snapshot(completed).id()).isEqualTo(active.id());

    // Back after a while: active jobs, and the ones that ended since the last id seen.
    added.fail("broke");
    EventSource back = eventSource("/events", "alice", completed.getLastEventId());
    MessageEvent missed = back.readMessage();
    assertThat(snapshot(missed).id()).isEqualTo(added.id());
    assertThat(snapshot(missed).status()).isEqualTo(JobStatus.FAILED);
  }

  @Test
  void theListFiltersByStatusTypeAndParent() throws Exception {
    Job article = start("alice");
    Job course = tracker.start(JobSpec.builder("course", "alice").build());
    course.complete(null);
    Job bulk = tracker.start(JobSpec.builder("bulk", "alice").build());
    Job child = bulk.startChild(JobSpec.builder("article", "alice").build());
    start("bob");

    assertThat(ids(get("/jobs", "alice"))).containsExactlyInAnyOrder(
        article.id(), course.id(), bulk.id(), child.id());
    assertThat(ids(get("/jobs?status=active", "alice"))).containsExactlyInAnyOrder(
        article.id(), bulk.id(), child.id());
    assertThat(ids(get("/jobs?status=finished", "alice"))).containsExactly(course.id());
    assertThat(ids(get("/jobs?type=course&status=all", "alice"))).containsExactly(course.id());
    assertThat(ids(get("/jobs?parent=" + bulk.id(), "alice"))).containsExactly(child.id());
    assertThat(ids(get("/jobs?limit=1", "alice"))).hasSize(1);
    assertThat(ids(get("/jobs", null))).isEmpty();

    HttpResponse<String> bad = get("/jobs?status=sleeping", "alice");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).isEqualTo("{\"error\":\"status must be active, finished or all, was 'sleeping'\"}");
  }

  private static List<String> ids(HttpResponse<String> response) throws IOException {
    assertThat(response.statusCode()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    for (var node : new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).get("jobs")) {
      ids.add(JobJson.read(node.toString()).id());
    }
    return ids;
  }

  // ---- the rest ----

  @Test
  void theBrowserClientIsServedAsJavaScript() throws Exception {
    HttpResponse<String> script = get("/headway.js", null);
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("content-type").orElseThrow().replace(" ", "").toLowerCase(Locale.ROOT))
        .isEqualTo("text/javascript;charset=utf-8");
    assertThat(script.body()).contains("export function watchJob(").contains("export function watchAll(");
    String etag = script.headers().firstValue("etag").orElseThrow();
    assertThat(get("/headway.js", null, "If-None-Match", etag).statusCode()).isEqualTo(304);
  }

  @Test
  void unknownPathsAre404AndWrongMethods405() throws Exception {
    HttpResponse<String> nothing = get("/nothing/here", "alice");
    assertThat(nothing.statusCode()).isEqualTo(404);
    assertThat(nothing.body()).startsWith("{\"error\":");
    HttpResponse<String> wrong = post("/jobs", "alice");
    assertThat(wrong.statusCode()).isEqualTo(405);
    assertThat(wrong.headers().firstValue("allow")).hasValue("GET, HEAD");
  }

  @Test
  void aClientResumesAfterARestartOnTheSameStoreAndNoIdNamesTwoStates() throws Exception {
    MutableClock storeClock = MutableClock.atEpoch(); // liveness is judged on the store's clock
    JobStore store = JobStore.inMemory(storeClock);
    TrackerHarness before = new TrackerHarness(store, b -> b.statusWriteTimeout(Duration.ofMillis(50)));
    cleanUp.add(before);
    base = serve(endpoints(before.tracker, b -> b));
    Job job = before.tracker.start(JobSpec.builder("article", "alice").build());
    long stored = before.tracker.find(job.id()).orElseThrow().version();
    SseReader reader = new SseReader(raw("/jobs/" + job.id() + "/events", "alice").body);
    assertThat(reader.next().lastEventId()).isEqualTo(Long.toString(stored));

    job.progress(0.5); // shown to the client, but the process dies before its next flush
    before.deliver();
    SseReader.Event seen = reader.next();
    assertThat(seen.name()).isEqualTo("progress");
    // The process dies here: its scheduler never runs again, so the progress never reaches the store.

    TrackerHarness after = new TrackerHarness(store, b -> b.staleAfter(Duration.ofSeconds(30)));
    cleanUp.add(after);
    base = serve(endpoints(after.tracker, b -> b));
    SseReader resumed = new SseReader(raw("/jobs/" + job.id() + "/events", "alice",
        "Last-Event-ID", seen.lastEventId()).body);
    SseReader.Event current = resumed.next();
    assertThat(current.name()).as("the client's id is not the current version").isEqualTo("snapshot");
    assertThat(current.lastEventId()).isEqualTo(Long.toString(stored));
    assertThat(JobJson.read(current.data()).percent()).isZero();

    storeClock.advance(Duration.ofSeconds(31));
    after.tick(Duration.ofSeconds(31)); // nobody runs the job any more: the sweeper ends it
    after.deliver();
    SseReader.Event end = resumed.next();
    assertThat(end.name()).isEqualTo("job_failed");
    assertThat(Long.parseLong(end.lastEventId())).isGreaterThan(Long.parseLong(seen.lastEventId()));
    assertThat(resumed.next()).isNull();
    assertThat(get("/jobs/" + job.id() + "/events", "alice", "Last-Event-ID", end.lastEventId()).statusCode())
        .isEqualTo(204);
  }

  @Test
  void aSlowReaderHoldsOneSnapshotPerJobAndNeverDelaysAHealthyOne() throws Exception {
    // A slow reader, not a dead one: the heartbeat would break a write stuck for a whole interval.
    JobEndpoints unlimited = endpoints(tracker, Duration.ofSeconds(15), b -> b.progressInterval(Duration.ZERO));
    base = serve(unlimited);
    int jobs = 10;
    List<Job> running = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      running.add(start("alice"));
    }

    Socket tiny = new Socket();
    tiny.setReceiveBufferSize(4096);
    RawHttp slow = RawHttp.get(tiny, uri("/events"), Map.of("X-User", "alice"));
    cleanUp.add(slow);
    Map<String, JobSnapshot> healthySaw = new ConcurrentHashMap<>();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    RawHttp healthy = raw("/events", "alice");
    Thread reader = new Thread(() -> {
      try {
        SseReader events = new SseReader(healthy.body);
        for (SseReader.Event e = events.next(); e != null; e = events.next()) {
          JobSnapshot s = JobJson.read(e.data());
          healthySaw.put(s.id(), s);
        }
      } catch (IOException | RuntimeException e) {
        failures.add(e);
      }
    });
    reader.setDaemon(true);
    reader.start();

    // About 60 kB per round and stream: keep producing until the socket buffers of the reader that does not read
    // are full and its stream holds snapshots (how much that takes depends on the host and the machine).
    String big = "€".repeat(1900);
    int most = 0;
    int rounds = 0;
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (rounds < 500 || unlimited.handler().mostPendingSnapshots() == 0) {
      assertThat(System.nanoTime()).as("the slow reader's stream is stalled, holding snapshots").isLessThan(deadline);
      for (Job job : running) {
        job.message(big + rounds);
      }
      rounds++;
      most = Math.max(most, unlimited.handler().mostPendingSnapshots());
    }
    for (Job job : running) {
      job.complete(null);
    }
    long completedAt = System.nanoTime();
    Await.until("the healthy reader has every job's end",
        () -> healthySaw.size() == jobs && healthySaw.values().stream().allMatch(JobSnapshot::isFinished), WAIT);
    Duration healthyLag = Duration.ofNanos(System.nanoTime() - completedAt);
    most = Math.max(most, unlimited.handler().mostPendingSnapshots());
    assertThat(failures).isEmpty();
    assertThat(most).as("snapshots held for the slow reader").isLessThanOrEqualTo(jobs);
    assertThat(healthyLag).isLessThan(Duration.ofSeconds(2));

    // Now the slow reader reads: a conflated history that ends with every job's terminal state.
    Map<String, String> lastName = new HashMap<>();
    int events = 0;
    SseReader late = new SseReader(slow.body);
    while (lastName.values().stream().filter(n -> n.equals("job_completed")).count() < jobs) {
      SseReader.Event e = late.next();
      lastName.put(JobJson.read(e.data()).id(), e.name());
      events++;
    }
    int produced = jobs * (rounds + 2);
    assertThat(events).as("events the slow reader got, of %d produced", produced).isLessThan(produced);
    assertThat(lastName).hasSize(jobs);
  }
}
