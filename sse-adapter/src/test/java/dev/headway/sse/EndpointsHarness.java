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

/**
 * A server of the host under test with fresh endpoints for each test, and the clients the contracts use: the JDK's
 * HttpClient, LaunchDarkly's okhttp-eventsource (an independent SSE parser) and a raw socket with {@link SseReader}
 * (the bytes as sent). The principal is the {@code X-User} header.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class EndpointsHarness {
  // okhttp reports the connections of streams the server ended as leaked; held here so the level sticks.
  private static final java.util.logging.Logger OKHTTP_LOG = java.util.logging.Logger.getLogger("okhttp3");

  static {
    OKHTTP_LOG.setLevel(java.util.logging.Level.SEVERE);
  }

  static final Duration WAIT = Duration.ofSeconds(10);

  final List<AutoCloseable> cleanUp = new ArrayList<>();
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  ProgressTracker tracker;
  JobEndpoints endpoints;
  URI base;

  /** A new, not yet started server of the host under test. */
  abstract Host newHost();

  @BeforeEach
  void serve() throws Exception {
    tracker = ProgressTracker.builder().build();
    cleanUp.add(tracker);
    endpoints = endpoints(tracker, b -> b);
    base = serve(endpoints);
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = cleanUp.size() - 1; i >= 0; i--) {
      cleanUp.get(i).close();
    }
  }

  /** Endpoints with quick heartbeats, so closed clients are noticed within a test's patience. */
  JobEndpoints endpoints(ProgressTracker t, UnaryOperator<JobEndpoints.Builder> config) {
    return endpoints(t, Duration.ofMillis(100), config);
  }

  JobEndpoints endpoints(ProgressTracker t, Duration heartbeat, UnaryOperator<JobEndpoints.Builder> config) {
    JobEndpoints e = config.apply(JobEndpoints.builder(t)
        .principal(request -> request.header("X-User"))
        .heartbeatInterval(heartbeat)
        .retry(Duration.ofSeconds(1))
        .maxWait(Duration.ofMillis(500))).build();
    cleanUp.add(e);
    return e;
  }

  URI serve(JobEndpoints e) throws Exception {
    Host host = newHost();
    cleanUp.add(host);
    cleanUp.add(e); // the endpoints close before their server stops, as a host would do it
    return host.serve(e);
  }

  // ---- clients ----

  URI uri(String path) {
    return URI.create(base + path);
  }

  HttpResponse<String> get(String path, String user, String... headers) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).GET(), user, headers);
  }

  HttpResponse<String> post(String path, String user) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()), user);
  }

  HttpResponse<String> head(String path, String user) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).method("HEAD", HttpRequest.BodyPublishers.noBody()), user);
  }

  HttpResponse<String> send(HttpRequest.Builder request, String user, String... headers) throws Exception {
    if (user != null) {
      request.header("X-User", user);
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
  }

  EventSource eventSource(String path, String user, String lastEventId) {
    EventSource.Builder builder = new EventSource.Builder(ConnectStrategy.http(uri(path))
        .header("X-User", user)
        .readTimeout(10, TimeUnit.SECONDS))
        .errorStrategy(ErrorStrategy.alwaysThrow());
    if (lastEventId != null) {
      builder.lastEventId(lastEventId);
    }
    EventSource source = builder.build();
    cleanUp.add(source);
    return source;
  }

  RawHttp raw(String path, String user, String... headers) throws IOException {
    Map<String, String> h = new HashMap<>();
    h.put("X-User", user);
    for (int i = 0; i < headers.length; i += 2) {
      h.put(headers[i], headers[i + 1]);
    }
    RawHttp response = RawHttp.get(uri(path), h);
    cleanUp.add(response);
    return response;
  }

  Job start(String owner) {
    return tracker.start(JobSpec.builder("article", owner).step("research", 1).step("writing", 2).build());
  }

  JobSnapshot current(Job job) {
    return tracker.find(job.id()).orElseThrow();
  }

  static JobSnapshot snapshot(MessageEvent e) {
    return JobJson.read(e.getData());
  }

  static MessageEvent readUntil(EventSource source, String name) throws StreamException {
    for (MessageEvent e = source.readMessage(); ; e = source.readMessage()) {
      if (e.getEventName().equals(name)) {
        return e;
      }
    }
  }

}
