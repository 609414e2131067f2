package dev.headway.examples.minimal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The minimal example serves its page and the client, starts a job and streams it to the end, and keeps answering
 * while clients hold connections with half a request head.
 */
class MinimalExampleTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aStartedJobStreamsToCompleted() throws Exception {
    try (MinimalExample example = new MinimalExample(0)) {
      String base = "http://127.0.0.1:" + example.port();
      assertThat(get(base + "/").body()).contains("watchJob");
      assertThat(get(base + "/progress/headway.js").statusCode()).isEqualTo(200);
      assertThat(get(base + "/progress/headway.d.ts").body()).contains("export function watchJob");

      HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(base + "/start"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(started.statusCode()).isEqualTo(202);
      Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(started.body());
      assertThat(id.find()).isTrue();

      // The SSE stream ends after the terminal event, so reading it whole waits for the job to finish.
      String events = get(base + "/progress/jobs/" + id.group(1) + "/events").body();
      assertThat(events).contains("event: step_started").contains("event: job_completed")
          .contains("\"status\":\"completed\"");
    }
  }

  @Test
  void halfOpenConnectionsDoNotFreezeIt() throws Exception {
    List<Socket> stalled = new ArrayList<>();
    try (MinimalExample example = new MinimalExample(0)) {
      for (int i = 0; i < 24; i++) { // three times what froze the 4-thread version
        Socket socket = new Socket("127.0.0.1", example.port());
        stalled.add(socket);
        OutputStream out = socket.getOutputStream();
        out.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
        out.flush(); // and never the rest
      }
      String base = "http://127.0.0.1:" + example.port();
      HttpClient answering = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      for (String path : new String[] {"/", "/progress/headway.js", "/progress/jobs?status=all"}) {
        HttpResponse<String> answer = answering.send(HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(path).isEqualTo(200);
      }
    } finally {
      for (Socket socket : stalled) {
        socket.close();
      }
    }
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
