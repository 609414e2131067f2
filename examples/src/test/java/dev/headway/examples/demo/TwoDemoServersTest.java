package dev.headway.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two demo servers on one database, as two app instances behind a load balancer: a job started on A is streamed by B
 * to its end, and a cancel made on B stops A's worker. On PostgreSQL the store's LISTEN/NOTIFY bus carries the
 * changes; on MariaDB the demo opts in to the polling bus. Each database runs it.
 */
abstract class TwoDemoServersTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private DemoServer a;
  private DemoServer b;
  private String url;

  /** The variable that names the database, e.g. {@code HEADWAY_TEST_PG_URL}. */
  abstract String urlVariable();

  @BeforeEach
  void start() throws Exception {
    url = System.getenv(urlVariable());
    if (url == null && System.getenv("CI") != null) {
      fail("CI must set " + urlVariable() + ": the two-server test needs its database");
    }
    Assumptions.assumeTrue(url != null, urlVariable() + " is not set: skipping this two-server test");
    a = DemoServer.start(new DemoOptions(0, url, 4));
    b = DemoServer.start(new DemoOptions(0, url, 4));
  }

  @AfterEach
  void stop() throws Exception {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
    if (url != null) {
      // The demo uses the default table prefix; leave the shared test database as it was.
      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
        // The log and steps tables first: they refer to the jobs table.
        s.execute("DROP TABLE IF EXISTS headway_job_log");
        s.execute("DROP TABLE IF EXISTS headway_job_steps");
        s.execute("DROP TABLE IF EXISTS headway_jobs");
        s.execute("DROP TABLE IF EXISTS headway_schema_version");
      }
    }
  }

  private JsonNode post(DemoServer server, String path, String body) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url() + path))
        .header("X-Demo-User", "alice").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isIn(200, 202);
    return JSON.readTree(r.body());
  }

  /** Reads a job's event stream from a server until its terminal event; returns the event names seen. */
  private List<String> streamToEnd(DemoServer server, String id) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "progress/jobs/" + id + "/events"))
        .header("X-Demo-User", "alice").header("Accept", "text/event-stream").build();
    CompletableFuture<List<String>> events = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
        .thenApply(response -> {
          List<String> names = new ArrayList<>();
          try (Stream<String> lines = response.body()) {
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
              String line = it.next();
              if (line.startsWith("event:")) {
                names.add(line.substring(6).trim());
              }
            }
          }
          return names;
        });
    return events.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  void aJobRunOnAIsStreamedByBToItsEnd() throws Exception {
    String id = post(a, "demo/jobs/article", "{\"topic\":\"Two nodes\"}").get("id").asText();
    List<String> seenOnB = streamToEnd(b, id);
    assertThat(seenOnB).first().isEqualTo("snapshot");
    // The job's last log lines follow the state that shows them, its terminal one included.
    List<String> jobEvents = seenOnB.stream().filter(name -> !name.equals("log")).toList();
    assertThat(jobEvents).contains("step_started").last().isEqualTo("job_completed");
    assertThat(seenOnB).contains("log");
  }

  @Test
  void aCancelOnBStopsTheWorkerOnA() throws Exception {
    String id = post(a, "demo/jobs/course", "{\"topic\":\"Clusters\"}").get("id").asText();
    CompletableFuture<List<String>> onA = CompletableFuture.supplyAsync(() -> {
      try {
        return streamToEnd(a, id);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    JsonNode cancelled = post(b, "progress/jobs/" + id + "/cancel", "");
    assertThat(cancelled.get("cancelRequested").asBoolean()).isTrue();
    assertThat(onA.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).last().isEqualTo("job_cancelled");
    HttpResponse<String> onB = http.send(HttpRequest.newBuilder(URI.create(b.url() + "progress/jobs/" + id))
        .header("X-Demo-User", "alice").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(JSON.readTree(onB.body()).get("status").asText()).isEqualTo("cancelled");
  }
}
