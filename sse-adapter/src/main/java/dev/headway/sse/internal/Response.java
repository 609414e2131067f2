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
  private static final JsonFactory FACTORY = new JsonFactory();

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
        "no-cache"), JobJson.writeBytes(job));
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
    return json(status, g -> {
      g.writeStartObject();
      g.writeStringField("error", message);
      g.writeEndObject();
    });
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
    return new Response(status, Map.of("Content-Type", JSON, "Cache-Control", "no-store"), out.toByteArray());
  }
}
