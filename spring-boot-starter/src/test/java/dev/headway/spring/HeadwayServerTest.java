package dev.headway.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headway.Job;
import dev.headway.JobSpec;
import dev.headway.ProgressTracker;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * The starter in a real Spring Boot web app on a random port: the endpoints answer under {@code /headway} with the
 * servlet request's user principal, streams are live, and Actuator shows {@code headway}'s health.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:server;DB_CLOSE_DELAY=-1",
    "management.endpoints.web.exposure.include=health",
    "management.endpoint.health.show-components=always"})
@Timeout(60)
class HeadwayServerTest {
  private final HttpClient http = HttpClient.newHttpClient();
  @LocalServerPort
  int port;
  @Autowired
  ProgressTracker tracker;

  /**
   * An app whose users are named by a header, as a stand-in for Spring Security's authenticated principal (which
   * is off here; {@link SecuredAppContract} runs with it). No component scan, so the tests' apps stay apart.
   */
  @SpringBootConfiguration
  @EnableAutoConfiguration(exclude = {SecurityAutoConfiguration.class, ManagementWebSecurityAutoConfiguration.class})
  static class App {
    @Bean
    Filter userFromHeader() {
      return (request, response, chain) -> {
        HttpServletRequest http = (HttpServletRequest) request;
        String user = http.getHeader("X-User");
        chain.doFilter(user == null ? request : new HttpServletRequestWrapper(http) {
          @Override
          public Principal getUserPrincipal() {
            return () -> user;
          }
        }, response);
      };
    }
  }

  private HttpResponse<String> get(String path, String user) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .timeout(Duration.ofSeconds(10));
    if (user != null) {
      request.header("X-User", user);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theEndpointsAnswerTheAuthenticatedOwnerOnly() throws Exception {
    Job job = tracker.start(JobSpec.builder("article", "alice").build());

    assertThat(get("/headway/jobs/" + job.id(), "alice").statusCode()).isEqualTo(200);
    assertThat(get("/headway/jobs/" + job.id(), "bob").statusCode()).isEqualTo(404);
    assertThat(get("/headway/jobs/" + job.id(), null).statusCode()).isEqualTo(404);
    assertThat(get("/headway/headway.js", null).statusCode()).isEqualTo(200);
  }

  @Test
  void aStreamIsLiveToTheEnd() throws Exception {
    Job job = tracker.start(JobSpec.builder("article", "alice").build());
    HttpResponse<java.io.InputStream> stream = http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/headway/jobs/" + job.id() + "/events"))
            .header("X-User", "alice").build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      assertThat(reader.readLine()).startsWith("retry:");
      job.complete(null);
      String line;
      String last = null;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith("event:")) {
          last = line;
        }
      }
      assertThat(last).isEqualTo("event: job_completed");
    }
  }

  @Test
  void actuatorShowsHeadwaysHealth() throws Exception {
    HttpResponse<String> health = get("/actuator/health", null);
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"headway\":{\"status\":\"UP\"");
  }
}
