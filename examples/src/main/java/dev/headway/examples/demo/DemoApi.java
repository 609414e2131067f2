package dev.headway.examples.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.headway.Job;
import dev.headway.JobSnapshot;
import dev.headway.JobStart;
import dev.headway.ProgressTracker;
import dev.headway.StepStatus;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The demo's own API, what a host application has anyway: {@code POST /demo/jobs/{scenario}} starts work and
 * answers {@code 202 {"id", "statusUrl", "eventsUrl"}} (or {@code 409} for a busy exclusive key, with the running
 * job's id only when it is the caller's own); {@code GET /demo/content/{id}/{step}} shows a finished step's (simulated) content.
 *
 * <p>A POST must say {@code Content-Type: application/json}, else {@code 415}: an HTML form on another site can
 * send {@code text/plain} or form bodies with the visitor's cookie, but not JSON without a CORS preflight.
 */
final class DemoApi extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final transient Scenarios scenarios;
  private final transient ProgressTracker tracker;

  DemoApi(Scenarios scenarios, ProgressTracker tracker) {
    this.scenarios = scenarios;
    this.tracker = tracker;
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String path = String.valueOf(request.getPathInfo());
    String scenario = path.startsWith("/jobs/") ? path.substring("/jobs/".length()) : "";
    if (!Scenarios.NAMES.contains(scenario)) {
      send(response, 404, error("no such scenario: " + (scenario.length() > 40 ? scenario.substring(0, 40) + "…" : scenario) + "; try one of " + Scenarios.NAMES));
      return;
    }
    if (!isJson(request.getContentType())) {
      send(response, 415, error("send the body as Content-Type: application/json"));
      return;
    }
    String user = DemoUser.of(request);
    try {
      JsonNode body = readBody(request.getInputStream());
      if (scenario.equals("docs")) {
        sendStart(response, scenarios.docs(user, text(body, "repository", "acme/api")));
        return;
      }
      Job job = switch (scenario) {
        case "article" -> scenarios.article(user, text(body, "topic", "Solar power at home"), text(body, "failAt", null));
        case "bulk" -> scenarios.bulk(user, body.path("count").asInt(5), body.path("failEvery").asInt(0));
        case "funnel" -> scenarios.funnel(user);
        default -> scenarios.course(user, text(body, "topic", "Java for busy people"));
      };
      send(response, 202, links(job.id()));
    } catch (IllegalArgumentException e) {
      send(response, 400, error(e.getMessage()));
    }
  }

  /** Started: 202. Already running: 409, naming the job to a caller who may read it (the page attaches to it). */
  private static void sendStart(HttpServletResponse response, JobStart start) throws IOException {
    if (start instanceof JobStart.Started started) {
      send(response, 202, links(started.job().id()));
    } else if (start instanceof JobStart.Attached attached) {
      send(response, 409, links(attached.job().id()).put("error", "already running: " + attached.job().type()));
    } else if (start instanceof JobStart.Busy busy) {
      send(response, 409, error("busy: someone else is running " + busy.key() + "; try again when it ends"));
    }
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String[] parts = String.valueOf(request.getPathInfo()).split("/", 4); // "", "content", id, step
    String user = DemoUser.of(request);
    Optional<JobSnapshot> job = parts.length == 4 && parts[1].equals("content")
        ? tracker.find(parts[2]).filter(j -> j.owner().equals(user)) : Optional.empty();
    if (job.isEmpty() || job.get().step(parts[3]) == null
        || job.get().step(parts[3]).status() != StepStatus.COMPLETED) {
      send(response, 404, error("no such content"));
      return;
    }
    String step = escape(parts[3]);
    String title = escape(job.get().attributes().getOrDefault("title", job.get().type()));
    response.setContentType("text/html;charset=utf-8");
    response.getWriter().write("<!doctype html><meta charset=utf-8><meta name=viewport content='width=device-width'>"
        + "<link rel=stylesheet href=/demo.css><main class=content-page><p><a href=/>← Back to the demo</a></p>"
        + "<h1>" + step.substring(0, 1).toUpperCase() + step.substring(1) + "</h1><p class=muted>" + title
        + " · generated " + job.get().step(parts[3]).completedAt() + "</p>"
        + "<p>This is the simulated " + step + ". In a real application the model's output would be here, ready to"
        + " review while the other steps are still being generated.</p></main>");
  }

  private static boolean isJson(String contentType) {
    return contentType != null
        && contentType.split(";", 2)[0].strip().equalsIgnoreCase("application/json");
  }

  private static JsonNode readBody(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(10_000);
    if (bytes.length == 0) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalArgumentException("the body must be a JSON object", e);
    }
  }

  private static String text(JsonNode body, String field, String otherwise) {
    String value = body.path(field).asText("");
    return value.isBlank() ? otherwise : value.strip();
  }

  private static ObjectNode links(String id) {
    return JSON.createObjectNode().put("id", id)
        .put("statusUrl", "/progress/jobs/" + id)
        .put("eventsUrl", "/progress/jobs/" + id + "/events");
  }

  private static ObjectNode error(String message) {
    return JSON.createObjectNode().put("error", message);
  }

  private static void send(HttpServletResponse response, int status, JsonNode body) throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write(JSON.writeValueAsString(body));
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;")
        .replace("\"", "&quot;");
  }
}
