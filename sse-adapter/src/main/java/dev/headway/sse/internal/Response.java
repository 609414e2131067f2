package dev.headway.sse.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.headway.JobSnapshot;
import dev.headway.json.JobJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A complete, non-streaming answer: status, headers and body.
 *
 * @param status the HTTP status
 * @param headers the headers, in order
 * @param body the body; empty for none
 */
public record Response(int status, Map<String, String> headers, byte[] body) {
  static final String JSON = "application/json";
  /** Echoed request values are cut to this, so an error body never grows with the input. */
  private static final int MAX_QUOTED = 80;
  private static final int MAX_MESSAGE = 500;
  private static final JsonFactory FACTORY = new JsonFactory();
  /** Browsers must not guess another type for a JSON body. */
  private static final String NOSNIFF = "X-Content-Type-Options";

  /** Freezes the headers. */
  public Response {
    headers = Map.copyOf(headers);
  }

  /** Writes JSON to a generator; the one shape every JSON body here is built with. */
  @FunctionalInterface
  private interface JsonBody {
    void writeTo(JsonGenerator generator) throws IOException;
  }

  static Response snapshot(int status, JobSnapshot job) {
    // Revalidate every time: the ETag makes that a cheap 304.
    return new Response(status, Map.of("Content-Type", JSON, "ETag", ETags.of(job.version()), "Cache-Control",
        "no-cache", NOSNIFF, "nosniff"), JobJson.writeBytes(job));
  }

  static Response notModified(String etag) {
    return new Response(304, Map.of("ETag", etag, "Cache-Control", "no-cache"), new byte[0]);
  }

  static Response jobs(List<JobSnapshot> jobs) {
    return json(200, g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("jobs");
      for (JobSnapshot job : jobs) {
        JobJson.write(job, g);
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  /**
   * An error: {@code {"error": "..."}}.
   *
   * @param status the HTTP status
   * @param message what went wrong, for a person
   * @return the response
   */
  static Response error(int status, String message) {
    return error(status, message, null);
  }

  /**
   * An error with a machine-readable reason: {@code {"error": "...", "reason": "..."}}.
   *
   * @param status the HTTP status
   * @param message what went wrong, for a person
   * @param reason what went wrong, for a program; null for none
   * @return the response
   */
  static Response error(int status, String message, String reason) {
    String bounded = message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "…";
    return json(status, g -> {
      g.writeStartObject();
      g.writeStringField("error", bounded);
      if (reason != null) {
        g.writeStringField("reason", reason);
      }
      g.writeEndObject();
    });
  }

  /**
   * Quotes a value from the request for an error message, cut to a bounded length.
   *
   * @param value the value
   * @return the value in single quotes, at most {@value #MAX_QUOTED} characters of it
   */
  static String quoted(String value) {
    return "'" + (value.length() <= MAX_QUOTED ? value : value.substring(0, MAX_QUOTED) + "…") + "'";
  }

  /**
   * The same answer without its body, for a {@code HEAD} request: the headers, and the length the body would have.
   *
   * @return the response to a {@code HEAD}
   */
  Response withoutBody() {
    Response head = new Response(status, headers, new byte[0]);
    return body.length == 0 ? head : head.withHeader("Content-Length", Integer.toString(body.length));
  }

  static Response noContent() {
    return new Response(204, Map.of(), new byte[0]);
  }

  Response withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new Response(status, more, body);
  }

  private static Response json(int status, JsonBody body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      body.writeTo(g);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return json(status, out.toByteArray());
  }

  /** A JSON body encoded elsewhere (the core's log and stats forms), never cached. */
  static Response json(int status, byte[] body) {
    return new Response(status, Map.of("Content-Type", JSON, "Cache-Control", "no-store", NOSNIFF, "nosniff"),
        body);
  }
}
