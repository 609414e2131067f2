package dev.headway.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The example as a user drives it: start an article, follow it to its end, see it counted. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.datasource.url=jdbc:h2:mem:example;DB_CLOSE_DELAY=-1")
@Timeout(60)
class ExampleAppTest {
  private final HttpClient http = HttpClient.newHttpClient();
  @LocalServerPort
  int port;

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Cookie", "user=alice");
  }

  @Test
  void anArticleIsWrittenLiveToItsEnd() throws Exception {
    HttpResponse<String> started = http.send(request("/articles").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"topic\": \"tides\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(started.statusCode()).isEqualTo(200);
    String id = started.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");

    HttpResponse<InputStream> stream = http.send(request("/headway/jobs/" + id + "/events").build(),
        HttpResponse.BodyHandlers.ofInputStream());
    String last = null;
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.startsWith("event:")) {
          last = line;
        }
      }
    }
    assertThat(last).isEqualTo("event: job_completed");
    assertThat(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
        + "/actuator/metrics/headway.jobs.duration")).build(), HttpResponse.BodyHandlers.ofString()).body())
        .contains("\"statistic\":\"COUNT\",\"value\":1.0");
    assertThat(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/headway/jobs/" + id))
        .header("Cookie", "user=bob").build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
  }
}
