package dev.headway.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headway.Job;
import dev.headway.JobSpec;
import dev.headway.JobStatus;
import dev.headway.ProgressTracker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Closing the application with a stream open and a job running: the stream ends first (a graceful shutdown does not
 * wait for it), then the server stops, then the tracker closes and ends the running job as failed.
 */
@Timeout(60)
class ShutdownOrderTest {

  @Test
  void openStreamsEndFirstAndTheTrackerClosesLast() throws Exception {
    ConfigurableApplicationContext context = new SpringApplicationBuilder(HeadwayServerTest.App.class)
        .properties("server.port=0", "server.shutdown=graceful",
            "spring.lifecycle.timeout-per-shutdown-phase=30s",
            "spring.datasource.url=jdbc:h2:mem:shutdown;DB_CLOSE_DELAY=-1")
        .run();
    ProgressTracker tracker = context.getBean(ProgressTracker.class);
    Job job = tracker.start(JobSpec.builder("article", "alice").build());
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    HttpResponse<java.io.InputStream> stream = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/headway/jobs/" + job.id() + "/events"))
            .header("X-User", "alice").build(),
        HttpResponse.BodyHandlers.ofInputStream());
    BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
    assertThat(reader.readLine()).startsWith("retry:");

    context.close(); // with a stream still open, a graceful shutdown would wait 30 s if the stream outlived it

    while (reader.readLine() != null) {
      // the stream was ended by the endpoints: read to its end
    }
    reader.close();
    assertThat(job.snapshot().status()).as("closed with the tracker: a clean shutdown leaves nothing running")
        .isEqualTo(JobStatus.FAILED);
  }
}
