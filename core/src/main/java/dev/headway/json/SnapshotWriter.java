package dev.headway.json;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.headway.ChildCounts;
import dev.headway.Eta;
import dev.headway.JobError;
import dev.headway.JobEvent;
import dev.headway.JobEventType;
import dev.headway.JobSnapshot;
import dev.headway.JobStatus;
import dev.headway.StepSnapshot;
import dev.headway.StepStatus;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Writes snapshots and events to a {@link JsonGenerator}, field by field, in the order of the wire contract.
 *
 * <p>Everything that could make the output invalid (a result that is not JSON, a weight that is not a finite
 * number) is checked before the first token is written, so a failed write never leaves half an object in the
 * host's stream.
 */
final class SnapshotWriter {
  // The wire names, looked up by ordinal, so the hot path does not lower-case an enum name on every write.
  private static final String[] JOB_STATUS = wireNames(JobStatus.values(), JobStatus::wireName);
  private static final String[] STEP_STATUS = wireNames(StepStatus.values(), StepStatus::wireName);
  private static final String[] CONFIDENCE = wireNames(Eta.Confidence.values(), Eta.Confidence::wireName);
  private static final String[] EVENT_TYPE = wireNames(JobEventType.values(), JobEventType::wireName);

  private SnapshotWriter() {}

  /**
   * Writes an event envelope: {@code {"type": "...", "job": {...}}}.
   *
   * @param event the event
   * @param g where to write
   * @throws IOException when the generator fails
   * @throws JobJsonException when the snapshot cannot be written as JSON
   */
  static void writeEvent(JobEvent event, JsonGenerator g) throws IOException {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(g, "generator");
    checkWritable(event.job(), "job.");
    g.writeStartObject();
    g.writeStringField("type", EVENT_TYPE[event.type().ordinal()]);
    g.writeFieldName("job");
    writeChecked(event.job(), g);
    g.writeEndObject();
  }

  /**
   * Writes a snapshot as one JSON object.
   *
   * @param s the snapshot
   * @param g where to write
   * @throws IOException when the generator fails
   * @throws JobJsonException when the snapshot cannot be written as JSON
   */
  static void writeSnapshot(JobSnapshot s, JsonGenerator g) throws IOException {
    Objects.requireNonNull(s, "snapshot");
    Objects.requireNonNull(g, "generator");
    checkWritable(s, "");
    writeChecked(s, g);
  }

  private static void writeChecked(JobSnapshot s, JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", s.id());
    g.writeStringField("type", s.type());
    g.writeStringField("owner", s.owner());
    g.writeStringField("tenant", s.tenant());
    g.writeStringField("parentId", s.parentId());
    g.writeStringField("status", JOB_STATUS[s.status().ordinal()]);
    g.writeNumberField("percent", s.percent());
    g.writeStringField("message", s.message());
    g.writeStringField("step", s.step());
    g.writeArrayFieldStart("steps");
    for (StepSnapshot step : s.steps()) {
      writeStep(step, g);
    }
    g.writeEndArray();
    writeLong(g, "done", s.done());
    writeLong(g, "total", s.total());
    writeChildren(g, s.children());
    writeEta(g, s.eta());
    writeLong(g, "elapsedMs", s.elapsedMs());
    g.writeBooleanField("stalled", s.stalled());
    writeInstant(g, "createdAt", s.createdAt());
    writeInstant(g, "startedAt", s.startedAt());
    writeInstant(g, "updatedAt", s.updatedAt());
    writeInstant(g, "completedAt", s.completedAt());
    writeError(g, s.error());
    g.writeFieldName("result");
    if (s.result() == null) {
      g.writeNull();
    } else {
      RawJson.write(s.result(), g);
    }
    g.writeBooleanField("cancelRequested", s.cancelRequested());
    g.writeStringField("cancelReason", s.cancelReason());
    g.writeObjectFieldStart("attributes");
    for (Map.Entry<String, String> attribute : s.attributes().entrySet()) {
      g.writeStringField(attribute.getKey(), attribute.getValue());
    }
    g.writeEndObject();
    g.writeNumberField("version", s.version());
    g.writeStringField("exclusiveKey", s.exclusiveKey());
    g.writeNumberField("attempt", s.attempt());
    g.writeStringField("retryOf", s.retryOf());
    g.writeNumberField("logSeq", s.logSeq());
    g.writeEndObject();
  }

  private static void writeStep(StepSnapshot step, JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", step.name());
    g.writeNumberField("weight", step.weight());
    g.writeStringField("status", STEP_STATUS[step.status().ordinal()]);
    g.writeNumberField("percent", step.percent());
    writeLong(g, "done", step.done());
    writeLong(g, "total", step.total());
    g.writeStringField("message", step.message());
    writeInstant(g, "startedAt", step.startedAt());
    writeInstant(g, "completedAt", step.completedAt());
    g.writeStringField("error", step.error());
    g.writeFieldName("result");
    if (step.result() == null) {
      g.writeNull();
    } else {
      RawJson.write(step.result(), g);
    }
    g.writeBooleanField("carriedOver", step.carriedOver());
    g.writeEndObject();
  }

  private static void writeChildren(JsonGenerator g, ChildCounts children) throws IOException {
    g.writeFieldName("children");
    if (children == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    g.writeNumberField("total", children.total());
    g.writeNumberField("queued", children.queued());
    g.writeNumberField("running", children.running());
    g.writeNumberField("completed", children.completed());
    g.writeNumberField("failed", children.failed());
    g.writeNumberField("cancelled", children.cancelled());
    g.writeEndObject();
  }

  private static void writeEta(JsonGenerator g, Eta eta) throws IOException {
    g.writeFieldName("eta");
    if (eta == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    g.writeNumberField("remainingMs", eta.remainingMs());
    writeInstant(g, "at", eta.at());
    g.writeStringField("confidence", CONFIDENCE[eta.confidence().ordinal()]);
    g.writeNumberField("remainingMsLow", eta.remainingMsLow());
    g.writeNumberField("remainingMsHigh", eta.remainingMsHigh());
    g.writeEndObject();
  }

  private static void writeError(JsonGenerator g, JobError error) throws IOException {
    g.writeFieldName("error");
    if (error == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    g.writeStringField("message", error.message());
    g.writeStringField("step", error.step());
    writeInstant(g, "at", error.at());
    g.writeEndObject();
  }

  private static void writeLong(JsonGenerator g, String name, Long value) throws IOException {
    g.writeFieldName(name);
    if (value == null) {
      g.writeNull();
    } else {
      g.writeNumber(value.longValue());
    }
  }

  private static void writeInstant(JsonGenerator g, String name, Instant value) throws IOException {
    g.writeStringField(name, value == null ? null : value.toString());
  }

  /** Checks, before anything is written, what could otherwise make the output invalid JSON. */
  private static void checkWritable(JobSnapshot s, String prefix) {
    Objects.requireNonNull(s, "snapshot");
    List<StepSnapshot> steps = s.steps();
    for (int i = 0; i < steps.size(); i++) {
      checkFinite(prefix, i, "weight", steps.get(i).weight());
      checkFinite(prefix, i, "percent", steps.get(i).percent());
      if (steps.get(i).result() != null) {
        RawJson.check(prefix + "steps[" + i + "].result", steps.get(i).result());
      }
    }
    if (s.result() != null) {
      RawJson.check(prefix + "result", s.result());
    }
  }

  private static void checkFinite(String prefix, int step, String name, double value) {
    if (!Double.isFinite(value)) {
      String field = prefix + "steps[" + step + "]." + name;
      throw new JobJsonException(field, value + " cannot be written as a JSON number", null);
    }
  }

  private static <E extends Enum<E>> String[] wireNames(E[] values, Function<E, String> wireName) {
    String[] names = new String[values.length];
    for (E value : values) {
      names[value.ordinal()] = wireName.apply(value);
    }
    return names;
  }
}
