package dev.headway.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.headway.LogLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

/**
 * The JSON form of log lines: one line is
 * {@code {"jobId":"…","seq":3,"step":"writing","level":"info","at":"2026-…Z","text":"…"}}, a log is
 * {@code {"jobId":"…","lines":[…]}}.
 */
public final class LogJson {
  private LogJson() {}

  /**
   * Writes one line as UTF-8 JSON.
   *
   * @param line the line
   * @return one compact JSON object
   */
  public static byte[] writeBytes(LogLine line) {
    Objects.requireNonNull(line, "line");
    return bytes(g -> write(line, g));
  }

  /**
   * Writes a job's lines as UTF-8 JSON.
   *
   * @param jobId the job
   * @param lines its lines, in order
   * @return one compact JSON object
   */
  public static byte[] writeBytes(String jobId, List<LogLine> lines) {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(lines, "lines");
    return bytes(g -> {
      g.writeStartObject();
      g.writeStringField("jobId", jobId);
      g.writeArrayFieldStart("lines");
      for (LogLine line : lines) {
        write(line, g);
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  /**
   * Writes one line to a generator as one JSON object.
   *
   * @param line the line
   * @param g where to write
   * @throws IOException when the generator fails
   */
  public static void write(LogLine line, JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeStringField("jobId", line.jobId());
    g.writeNumberField("seq", line.seq());
    g.writeStringField("step", line.step());
    g.writeStringField("level", line.level().wireName());
    g.writeStringField("at", line.at().toString());
    g.writeStringField("text", line.text());
    g.writeEndObject();
  }

  /** Something written to a generator. */
  @FunctionalInterface
  interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  /** Writes something to a UTF-8 byte array. */
  static byte[] bytes(Body body) {
    try (ByteArrayBuilder out = new ByteArrayBuilder(256)) {
      try (JsonGenerator g = JobJson.FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
        body.write(g);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
