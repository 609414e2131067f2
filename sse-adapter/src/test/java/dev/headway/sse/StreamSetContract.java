package dev.headway.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headway.Job;
import dev.headway.json.JobJson;
import dev.headway.sse.testing.Await;
import dev.headway.sse.testing.RawHttp;
import dev.headway.sse.testing.SseReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Several jobs on one connection ({@code GET /events?jobs=&all=&client=}), the caps on streams and long-polls, and
 * what every endpoint answers to {@code HEAD}; each host runs all of it.
 */
abstract class StreamSetContract extends EndpointsHarness {

  private static SseReader.Event next(SseReader reader, String name) throws Exception {
    for (SseReader.Event e = reader.next(); ; e = reader.next()) {
      assertThat(e).as("the stream ended before a " + name + " event").isNotNull();
      if (e.name().equals(name)) {
        return e;
      }
    }
  }

  @Test
  void aStreamOfListedJobsCarriesEachAndTheSameNotFoundForUnknownAndForeignIds() throws Exception {
    Job first = start("alice");
    Job second = start("alice");
    Job bobs = start("bob");
    RawHttp stream = raw("/events?jobs=" + first.id() + "," + second.id() + "," + bobs.id() + ",nope", "alice");
    assertThat(stream.status).isEqualTo(200);
    SseReader reader = new SseReader(stream.body);

    List<String> notFound = new ArrayList<>();
    List<String> snapshots = new ArrayList<>();
    while (notFound.size() + snapshots.size() < 4) {
      SseReader.Event e = reader.next();
      if (e.name().equals("not_found")) {
        notFound.add(e.data());
      } else if (e.name().equals("snapshot")) {
        snapshots.add(JobJson.read(e.data()).id());
      }
    }
    assertThat(notFound).containsExactly("{\"id\":\"" + bobs.id() + "\"}", "{\"id\":\"nope\"}");
    assertThat(snapshots).containsExactlyInAnyOrder(first.id(), second.id());

    first.complete(null);
    assertThat(JobJson.read(next(reader, "job_completed").data()).id()).isEqualTo(first.id());
    second.message("still going");
    assertThat(JobJson.read(next(reader, "progress").data()).id()).as("the stream outlives one job's end")
        .isEqualTo(second.id());
    bobs.message("not for alice");
    second.complete(null);
    assertThat(JobJson.read(next(reader, "job_completed").data()).id()).isEqualTo(second.id());
  }

  @Test
  void withAllTheStreamAlsoCarriesTheCallersOtherJobs() throws Exception {
    Job listed = start("alice");
    RawHttp stream = raw("/events?jobs=" + listed.id() + "&all=true", "alice");
    SseReader reader = new SseReader(stream.body);
    assertThat(JobJson.read(next(reader, "snapshot").data()).id()).isEqualTo(listed.id());

    Job later = start("alice");
    assertThat(JobJson.read(next(reader, "job_started").data()).id()).isEqualTo(later.id());
  }

  @Test
  void aNewStreamWithTheSameClientTokenReplacesTheCallersEarlierOne() throws Exception {
    JobEndpoints capped = endpoints(tracker, b -> b.maxStreamsPerPrincipal(2));
    base = serve(capped);
    Job job = start("alice");
    List<RawHttp> reloads = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      RawHttp stream = raw("/events?jobs=" + job.id() + "&client=browser-1", "alice");
      assertThat(stream.status).as("reload " + i).isEqualTo(200);
      reloads.add(stream);
    }
    assertThat(capped.openStreams()).isEqualTo(1);
    SseReader replaced = new SseReader(reloads.get(0).body);
    while (replaced.next() != null) {
      // the replaced stream ends: read to its end
    }
    assertThat(raw("/events?jobs=" + job.id() + "&client=other-tab", "alice").status).isEqualTo(200);
    assertThat(raw("/events?jobs=" + job.id() + "&client=browser-1", "bob").status)
        .as("a token is the caller's own: bob's does not replace alice's").isEqualTo(200);
    assertThat(capped.openStreams()).isEqualTo(3);
  }

  @Test
  void badListsAndTokensAre400() throws Exception {
    StringBuilder many = new StringBuilder();
    for (int i = 0; i <= 100; i++) {
      many.append(i == 0 ? "" : ",").append("id").append(i);
    }
    assertThat(get("/events?jobs=" + many, "alice").statusCode()).isEqualTo(400);
    assertThat(get("/events?jobs=a&client=not%20ok", "alice").statusCode()).isEqualTo(400);
    assertThat(get("/events?jobs=a&all=maybe", "alice").statusCode()).isEqualTo(400);
  }

  @Test
  void overTheCapInAllEveryoneGets503WithRetryAfter() throws Exception {
    JobEndpoints capped = endpoints(tracker, b -> b.maxStreams(2));
    base = serve(capped);
    Job alices = start("alice");
    Job bobs = start("bob");
    assertThat(raw("/jobs/" + alices.id() + "/events", "alice").status).isEqualTo(200);
    assertThat(raw("/jobs/" + bobs.id() + "/events", "bob").status).isEqualTo(200);

    HttpResponse<String> third = get("/jobs/" + alices.id() + "?after=" + current(alices).version() + "&waitMs=5000",
        "carol-has-no-job");
    assertThat(third.statusCode()).as("a foreign job is a 404 before any cap").isEqualTo(404);
    HttpResponse<String> full = get("/events", "carol");
    assertThat(full.statusCode()).isEqualTo(503);
    assertThat(full.headers().firstValue("retry-after")).isPresent();
  }

  @Test
  void aWaitingLongPollHoldsOneOfTheCallersSlots() throws Exception {
    JobEndpoints capped = endpoints(tracker, b -> b.maxStreamsPerPrincipal(1));
    base = serve(capped);
    Job job = start("alice");
    assertThat(raw("/events", "alice").status).isEqualTo(200);

    HttpResponse<String> poll = get("/jobs/" + job.id() + "?after=" + current(job).version() + "&waitMs=5000",
        "alice");
    assertThat(poll.statusCode()).isEqualTo(429);
    assertThat(get("/jobs/" + job.id(), "alice").statusCode()).as("a plain read holds no slot").isEqualTo(200);
  }

  @Test
  void headAnswersWhatGetWouldWithoutABodyAndOpensNoStream() throws Exception {
    Job job = start("alice");
    HttpResponse<String> got = get("/jobs/" + job.id(), "alice");
    HttpResponse<String> head = head("/jobs/" + job.id(), "alice");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("etag")).isEqualTo(got.headers().firstValue("etag"));
    assertThat(head.headers().firstValue("content-length")).hasValue(Integer.toString(got.body().length()));

    HttpResponse<String> stream = head("/jobs/" + job.id() + "/events", "alice");
    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(stream.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
    assertThat(head("/events?jobs=" + job.id(), "alice").statusCode()).isEqualTo(200);
    assertThat(endpoints.openStreams()).isZero();
    assertThat(head("/headway.js", "alice").statusCode()).isEqualTo(200);
    assertThat(head("/jobs/" + job.id() + "/events", "bob").statusCode()).isEqualTo(404);

    job.log("a line");
    for (String path : new String[] {"/jobs/" + job.id() + "/log?after=0", "/stats?since=PT1H"}) {
      HttpResponse<String> body = get(path, "alice");
      HttpResponse<String> headers = head(path, "alice");
      assertThat(headers.statusCode()).as(path).isEqualTo(200);
      assertThat(headers.body()).isEmpty();
      assertThat(headers.headers().firstValue("content-length"))
          .hasValue(Integer.toString(body.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
    }
    assertThat(head("/jobs/" + job.id() + "/log", "bob").statusCode()).isEqualTo(404);
  }

  @Test
  void jsonIsNosniffAndAnErrorNeverEchoesUnboundedInput() throws Exception {
    Job job = start("alice");
    assertThat(get("/jobs/" + job.id(), "alice").headers().firstValue("x-content-type-options")).hasValue("nosniff");
    String longId = "x".repeat(5000);
    HttpResponse<String> missing = get("/jobs/" + longId, "alice");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("x-content-type-options")).hasValue("nosniff");
    assertThat(missing.body().length()).isLessThan(300);
  }
}
