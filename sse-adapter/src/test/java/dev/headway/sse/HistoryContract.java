package dev.headway.sse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headway.AccessPolicy;
import dev.headway.Job;
import dev.headway.JobFilter;
import dev.headway.JobSnapshot;
import dev.headway.JobSpec;
import dev.headway.ProgressTracker;
import dev.headway.StepStatus;
import dev.headway.json.JobJson;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Retry as a new attempt ({@code POST /jobs/{id}/retry}), a job's log ({@code GET /jobs/{id}/log}) and the numbers
 * ({@code GET /stats}); each host runs all of it.
 */
abstract class HistoryContract extends EndpointsHarness {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String UNKNOWN = "AAAAAAAAAAAAAAAAAAAAAA";

  /** Serves a tracker of its own, with retry handlers for articles; the harness's helpers then use it. */
  private void serveTracker(UnaryOperator<ProgressTracker.Builder> config) throws Exception {
    tracker = config.apply(ProgressTracker.builder().retryHandler("article", (attempt, previous) -> { })).build();
    cleanUp.add(tracker);
    base = serve(endpoints(tracker, b -> b));
  }

  private Job failedArticle(String owner, String key) {
    JobSpec.Builder spec = JobSpec.builder("article", owner).step("research", 1).step("writing", 2);
    Job job = tracker.start(key == null ? spec.build() : spec.exclusiveKey(key).build());
    job.startStep("research");
    job.completeStep("{\"sources\":3}");
    job.startStep("writing");
    job.fail("the model timed out");
    return job;
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  // ---- retry ----

  @Test
  void aRetryStartsTheNextAttemptWithTheCompletedStepsAndASecondClickGetsTheSameOne() throws Exception {
    serveTracker(b -> b);
    Job job = failedArticle("alice", null);

    HttpResponse<String> first = post("/jobs/" + job.id() + "/retry", "alice");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("etag")).isPresent();
    JobSnapshot attempt = JobJson.read(first.body());
    assertThat(attempt.id()).isNotEqualTo(job.id());
    assertThat(attempt.attempt()).isEqualTo(2);
    assertThat(attempt.retryOf()).isEqualTo(job.id());
    assertThat(attempt.step("research").carriedOver()).isTrue();
    assertThat(attempt.step("research").status()).isEqualTo(StepStatus.COMPLETED);
    assertThat(attempt.step("research").result()).isEqualTo("{\"sources\":3}");
    assertThat(attempt.step("writing").carriedOver()).isFalse();
    assertThat(first.body()).isEqualTo(get("/jobs/" + attempt.id(), "alice").body());

    HttpResponse<String> again = post("/jobs/" + job.id() + "/retry", "alice");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(JobJson.read(again.body()).id()).as("the attempt already running").isEqualTo(attempt.id());
    assertThat(get("/jobs/" + job.id() + "/retry", "alice").statusCode()).isEqualTo(405);
  }

  @Test
  void aRefusedRetryIsA409WithItsReason() throws Exception {
    serveTracker(b -> b);
    Job running = start("alice");
    Job completed = start("alice");
    completed.complete(null);
    Job course = tracker.start(JobSpec.builder("course", "alice").build());
    course.fail("broke");
    Job keyed = failedArticle("alice", "report-7");
    tracker.start(JobSpec.builder("article", "alice").exclusiveKey("report-7").build());

    assertRefused(running, "active");
    assertRefused(completed, "completed");
    assertRefused(course, "not_retryable");
    assertRefused(keyed, "key_busy");
  }

  private void assertRefused(Job job, String reason) throws Exception {
    HttpResponse<String> refused = post("/jobs/" + job.id() + "/retry", "alice");
    assertThat(refused.statusCode()).as(reason).isEqualTo(409);
    JsonNode body = json(refused);
    assertThat(body.get("reason").asText()).isEqualTo(reason);
    assertThat(body.get("error").asText()).isNotBlank();
  }

  @Test
  void someoneElsesJobAndAnUnknownOneAre404AlikeOnRetryAndLog() throws Exception {
    serveTracker(b -> b);
    Job bobs = failedArticle("bob", null);
    bobs.log("bob's line");
    for (String[] request : new String[][] {{"POST", "/jobs/%s/retry"}, {"GET", "/jobs/%s/log"}}) {
      for (String user : new String[] {"alice", null}) {
        String foreign = String.format(request[1], bobs.id());
        String unknown = String.format(request[1], UNKNOWN);
        HttpResponse<String> forbidden = request[0].equals("GET") ? get(foreign, user) : post(foreign, user);
        HttpResponse<String> missing = request[0].equals("GET") ? get(unknown, user) : post(unknown, user);
        assertThat(forbidden.statusCode()).as(request[1]).isEqualTo(404);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(forbidden.body().replace(bobs.id(), "ID")).isEqualTo(missing.body().replace(UNKNOWN, "ID"));
      }
    }
    assertThat(tracker.list(JobFilter.owner("bob"))).hasSize(1);
  }

  @Test
  void aJobTheCallerMayReadButNotRetryIsA404LikeAnUnknownOne() throws Exception {
    serveTracker(b -> b.accessPolicy(new AccessPolicy() {
      @Override
      public boolean canRead(String principal, JobSnapshot job) {
        return principal != null;
      }

      @Override
      public boolean canCancel(String principal, JobSnapshot job) {
        return job.owner().equals(principal);
      }
    }));
    Job bobs = failedArticle("bob", null);
    assertThat(get("/jobs/" + bobs.id(), "alice").statusCode()).isEqualTo(200);
    HttpResponse<String> refused = post("/jobs/" + bobs.id() + "/retry", "alice");
    assertThat(refused.statusCode()).isEqualTo(404);
    assertThat(refused.body().replace(bobs.id(), "ID"))
        .isEqualTo(post("/jobs/" + UNKNOWN + "/retry", "alice").body().replace(UNKNOWN, "ID"));
    assertThat(post("/jobs/" + bobs.id() + "/retry", "bob").statusCode()).isEqualTo(200);
  }

  @Test
  void aRetryWhileTheTrackerIsClosedIs503() throws Exception {
    serveTracker(b -> b);
    Job job = failedArticle("alice", null);
    tracker.close();
    HttpResponse<String> closed = post("/jobs/" + job.id() + "/retry", "alice");
    assertThat(closed.statusCode()).isEqualTo(503);
    assertThat(json(closed).has("error")).isTrue();
  }

  // ---- log ----

  @Test
  void theLogAnswersTheLinesAfterTheNumberGiven() throws Exception {
    Job job = start("alice");
    job.startStep("research");
    job.log("one");
    job.log("two");
    job.log("three");

    JsonNode all = json(get("/jobs/" + job.id() + "/log", "alice"));
    assertThat(all.get("jobId").asText()).isEqualTo(job.id());
    assertThat(all.get("lines")).hasSize(3);
    JsonNode first = all.get("lines").get(0);
    assertThat(first.get("seq").asLong()).isEqualTo(1);
    assertThat(first.get("step").asText()).isEqualTo("research");
    assertThat(first.get("level").asText()).isEqualTo("info");
    assertThat(first.get("text").asText()).isEqualTo("one");
    assertThat(first.get("at").asText()).endsWith("Z");

    HttpResponse<String> later = get("/jobs/" + job.id() + "/log?after=1", "alice");
    assertThat(later.statusCode()).isEqualTo(200);
    assertThat(later.headers().firstValue("x-content-type-options")).hasValue("nosniff");
    assertThat(json(later).get("lines").findValuesAsText("text")).containsExactly("two", "three");
    assertThat(json(get("/jobs/" + job.id() + "/log?after=3", "alice")).get("lines")).isEmpty();

    for (String bad : new String[] {"-1", "x", "1.5"}) {
      HttpResponse<String> refused = get("/jobs/" + job.id() + "/log?after=" + bad, "alice");
      assertThat(refused.statusCode()).as(bad).isEqualTo(400);
      assertThat(json(refused).get("error").asText()).startsWith("after must");
    }
    HttpResponse<String> head = head("/jobs/" + job.id() + "/log", "alice");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v)
        .startsWith("application/json"));
  }

  // ---- stats ----

  @Test
  void statsCountTheCallersOwnJobsAndNobodysForAnAnonymousCaller() throws Exception {
    start("alice").complete(null);
    start("alice").complete(null);
    start("alice").fail("broke");
    start("bob").complete(null);
    tracker.start(JobSpec.builder("course", "alice").build()).cancelled();

    JsonNode mine = json(get("/stats", "alice"));
    assertThat(mine.get("ended").asLong()).isEqualTo(4);
    assertThat(mine.get("completed").asLong()).isEqualTo(2);
    assertThat(mine.get("failed").asLong()).isEqualTo(1);
    assertThat(mine.get("cancelled").asLong()).isEqualTo(1);
    assertThat(mine.get("duration").get("count").asLong()).isEqualTo(2);
    assertThat(mine.has("steps")).isTrue();
    assertThat(json(get("/stats?type=article", "alice")).get("ended").asLong()).isEqualTo(3);
    assertThat(json(get("/stats?type=course", "alice")).get("cancelled").asLong()).isEqualTo(1);

    HttpResponse<String> anonymous = get("/stats", null);
    assertThat(anonymous.statusCode()).isEqualTo(403);
    assertThat(json(anonymous).has("error")).isTrue();
    assertThat(head("/stats", "alice").statusCode()).isEqualTo(200);
    assertThat(head("/stats", null).statusCode()).isEqualTo(403);
  }

  @Test
  void sinceIsAnInstantOrADurationBackFromNow() throws Exception {
    start("alice").complete(null);
    assertThat(json(get("/stats?since=P7D", "alice")).get("ended").asLong()).isEqualTo(1);
    assertThat(json(get("/stats?since=PT24H", "alice")).get("ended").asLong()).isEqualTo(1);
    assertThat(json(get("/stats?since=2000-01-01T00:00:00Z", "alice")).get("ended").asLong()).isEqualTo(1);
    JsonNode future = json(get("/stats?since=2100-01-01T00:00:00Z", "alice"));
    assertThat(future.get("ended").asLong()).isZero();
    assertThat(future.get("since").asText()).isEqualTo("2100-01-01T00:00:00Z");

    for (String bad : new String[] {"yesterday", "-P1D", "P", "2026-11-24"}) {
      HttpResponse<String> refused = get("/stats?since=" + bad, "alice");
      assertThat(refused.statusCode()).as(bad).isEqualTo(400);
      assertThat(json(refused).get("error").asText()).startsWith("since must");
    }
  }

  @Test
  void aDurationIsBackFromTheEndpointsClock() throws Exception {
    Clock later = Clock.fixed(Instant.parse("2100-01-08T00:00:00Z"), ZoneOffset.UTC);
    base = serve(endpoints(tracker, b -> b.clock(later)));
    start("alice").complete(null);
    JsonNode week = json(get("/stats", "alice"));
    assertThat(week.get("since").asText()).isEqualTo("2100-01-01T00:00:00Z");
    assertThat(week.get("ended").asLong()).isZero();
    assertThat(json(get("/stats?since=PT1H", "alice")).get("since").asText()).isEqualTo("2100-01-07T23:00:00Z");
  }

  @Test
  void aPolicyWidensOrFixesTheScopeOfTheNumbers() throws Exception {
    AccessPolicy everyone = new AccessPolicy() {
      @Override
      public boolean canRead(String principal, JobSnapshot job) {
        return job.owner().equals(principal);
      }

      @Override
      public boolean canCancel(String principal, JobSnapshot job) {
        return canRead(principal, job);
      }

      @Override
      public Optional<JobFilter> statsScope(String principal) {
        return Optional.of("ops".equals(principal) ? JobFilter.all() : JobFilter.all().withType("article"));
      }
    };
    serveTracker(b -> b.accessPolicy(everyone));
    start("alice").complete(null);
    start("bob").complete(null);
    tracker.start(JobSpec.builder("course", "bob").build()).complete(null);

    assertThat(json(get("/stats", "ops")).get("ended").asLong()).isEqualTo(3);
    assertThat(json(get("/stats", null)).get("ended").asLong()).as("articles, anyone's").isEqualTo(2);
    assertThat(json(get("/stats?type=article", "alice")).get("ended").asLong()).isEqualTo(2);
    HttpResponse<String> outside = get("/stats?type=course", "alice");
    assertThat(outside.statusCode()).as("a type outside a scope fixed to another").isEqualTo(403);
  }
}
