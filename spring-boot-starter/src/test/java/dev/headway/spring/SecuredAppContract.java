package dev.headway.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headway.Job;
import dev.headway.JobSpec;
import dev.headway.ProgressTracker;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The starter in a Spring Boot app secured by Spring Security (HTTP Basic), on a random port, on a real database:
 * a real SSE client follows a job to its end, another user gets 404, Actuator shows {@code headway} UP and counts
 * the job's duration. Each database runs it.
 */
@SpringBootTest(classes = SecuredAppContract.SecuredApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"management.endpoints.web.exposure.include=health,metrics",
        "management.endpoint.health.show-components=always"})
@Timeout(60)
abstract class SecuredAppContract {
  private final HttpClient http = HttpClient.newHttpClient();
  @LocalServerPort
  int port;
  @Autowired
  ProgressTracker tracker;

  /** A fresh table prefix per run, so runs on a shared database never see each other's jobs. */
  static void tables(DynamicPropertyRegistry registry, String url) {
    registry.add("spring.datasource.url", () -> url);
    registry.add("headway.jdbc.table-prefix", () -> "hw_sb_" + UUID.randomUUID().toString().substring(0, 8) + "_");
  }

  /** An application whose users sign in with HTTP Basic; Actuator is open to everyone here. No component scan. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class SecuredApp {
    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(a -> a.requestMatchers("/actuator/**").permitAll().anyRequest().authenticated())
          .httpBasic(Customizer.withDefaults()).csrf(c -> c.disable()).build();
    }

    @Bean
    InMemoryUserDetailsManager users() {
      return new InMemoryUserDetailsManager(
          User.withUsername("alice").password("{noop}a-secret").roles("USER").build(),
          User.withUsername("bob").password("{noop}b-secret").roles("USER").build());
    }
  }

  private HttpRequest.Builder as(String user, String password, String path) {
    String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Authorization", "Basic " + basic).timeout(Duration.ofSeconds(20));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aSignedInOwnerFollowsAJobToItsEndAndNobodyElseSeesIt() throws Exception {
    Job job = tracker.start(JobSpec.builder("article", "alice").step("research", 1).step("writing", 2).build());
    HttpResponse<InputStream> stream = http.send(as("alice", "a-secret", "/headway/jobs/" + job.id() + "/events")
        .build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      assertThat(reader.readLine()).startsWith("retry:");
      job.startStep("research");
      job.startStep("writing");
      job.complete("{\"words\": 1200}");
      String last = null;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.startsWith("event:")) {
          last = line;
        }
      }
      assertThat(last).isEqualTo("event: job_completed");
    }

    assertThat(http.send(as("bob", "b-secret", "/headway/jobs/" + job.id()).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    assertThat(get("/headway/jobs/" + job.id()).statusCode()).as("not signed in").isEqualTo(401);

    HttpResponse<String> duration = get("/actuator/metrics/headway.jobs.duration");
    assertThat(duration.statusCode()).isEqualTo(200);
    assertThat(duration.body()).contains("\"statistic\":\"COUNT\",\"value\":1.0");
  }

  @Test
  void actuatorShowsHeadwayUp() throws Exception {
    HttpResponse<String> health = get("/actuator/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"headway\":{\"status\":\"UP\"");
  }
}
