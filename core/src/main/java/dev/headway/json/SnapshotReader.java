package dev.headway.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
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
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads snapshots and events from a {@link JsonParser}, token by token, checking every value as it comes.
 *
 * <p>Each method takes a {@code prefix}: the path of the enclosing object followed by a dot ({@code ""} at the
 * top, {@code "job."} inside an event, {@code "steps[2]."} inside a step), so a problem is reported with the full
 * path of the field. The path is only put together when there is a problem to report.
 */
final class SnapshotReader {
  /** Longest piece of a bad value quoted back in a message. */
  private static final int MAX_QUOTED = 60;

  private SnapshotReader() {}

  /**
   * Reads an event envelope, leaving the parser on its closing brace.
   *
   * @param p a parser before, on the opening brace of, or on the first field of the event
   * @return the event
   * @throws IOException when the parser fails (including malformed JSON)
   * @throws JobJsonException when the JSON is well formed but not a valid event
   */
  static JobEvent readEvent(JsonParser p) throws IOException {
    JobEventType type = null;
    JobSnapshot job = null;
    for (JsonToken t = enterObject(p, "a job event"); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
      String name = p.currentName();
      p.nextToken();
      switch (name) {
        case "type" -> type = enumValue(p, "", name, JobEventType::fromWireName);
        case "job" -> {
          requireObject(p, "", name);
          job = readSnapshot(p, "job.");
        }
        default -> p.skipChildren();
      }
    }
    requirePresent(type, "", "type");
    requirePresent(job, "", "job");
    return new JobEvent(type, job);
  }

  /**
   * Reads a snapshot, leaving the parser on its closing brace.
   *
   * @param p a parser before, on the opening brace of, or on the first field of the snapshot
   * @param prefix the path of the snapshot followed by a dot, or {@code ""} at the top
   * @return the snapshot
   * @throws IOException when the parser fails (including malformed JSON)
   * @throws JobJsonException when the JSON is well formed but not a valid snapshot
   */
  static JobSnapshot readSnapshot(JsonParser p, String prefix) throws IOException {
    String id = null;
    String type = null;
    String owner = null;
    String tenant = null;
    String parentId = null;
    JobStatus status = null;
    double percent = 0;
    String message = null;
    String step = null;
    List<StepSnapshot> steps = List.of();
    Long done = null;
    Long total = null;
    ChildCounts children = null;
    Eta eta = null;
    Long elapsedMs = null;
    boolean stalled = false;
    Instant createdAt = null;
    Instant startedAt = null;
    Instant updatedAt = null;
    Instant completedAt = null;
    JobError error = null;
    String result = null;
    boolean cancelRequested = false;
    String cancelReason = null;
    Map<String, String> attributes = Map.of();
    Long version = null;
    String exclusiveKey = null;
    int attempt = 1;
    String retryOf = null;
    long logSeq = 0;

    for (JsonToken t = enterObject(p, "a job snapshot"); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
      String name = p.currentName();
      p.nextToken();
      switch (name) {
        case "id" -> id = string(p, prefix, name, true);
        case "type" -> type = string(p, prefix, name, true);
        case "owner" -> owner = string(p, prefix, name, true);
        case "tenant" -> tenant = string(p, prefix, name, false);
        case "parentId" -> parentId = string(p, prefix, name, false);
        case "status" -> status = enumValue(p, prefix, name, JobStatus::fromWireName);
        case "percent" -> percent = percent(p, prefix, name);
        case "message" -> message = string(p, prefix, name, false);
        case "step" -> step = string(p, prefix, name, false);
        case "steps" -> steps = readSteps(p, prefix, name);
        case "done" -> done = longValue(p, prefix, name, false);
        case "total" -> total = longValue(p, prefix, name, false);
        case "children" -> children = readChildren(p, prefix, name);
        case "eta" -> eta = readEta(p, prefix, name);
        case "elapsedMs" -> elapsedMs = longValue(p, prefix, name, false);
        case "stalled" -> stalled = bool(p, prefix, name);
        case "createdAt" -> createdAt = instant(p, prefix, name, true);
        case "startedAt" -> startedAt = instant(p, prefix, name, false);
        case "updatedAt" -> updatedAt = instant(p, prefix, name, true);
        case "completedAt" -> completedAt = instant(p, prefix, name, false);
        case "error" -> error = readError(p, prefix, name);
        case "result" -> result = p.currentToken() == JsonToken.VALUE_NULL ? null : RawJson.read(p);
        case "cancelRequested" -> cancelRequested = bool(p, prefix, name);
        case "cancelReason" -> cancelReason = string(p, prefix, name, false);
        case "attributes" -> attributes = readAttributes(p, prefix, name);
        case "version" -> version = longValue(p, prefix, name, true);
        case "exclusiveKey" -> exclusiveKey = string(p, prefix, name, false);
        case "attempt" -> attempt = attempt(p, prefix, name);
        case "retryOf" -> retryOf = string(p, prefix, name, false);
        case "logSeq" -> logSeq = logSeq(p, prefix, name);
        default -> p.skipChildren();
      }
    }
    requirePresent(id, prefix, "id");
    requirePresent(type, prefix, "type");
    requirePresent(owner, prefix, "owner");
    requirePresent(status, prefix, "status");
    requirePresent(createdAt, prefix, "createdAt");
    requirePresent(updatedAt, prefix, "updatedAt");
    requirePresent(version, prefix, "version");
    try {
      return new JobSnapshot(id, type, owner, tenant, parentId, status, percent, message, step, steps, done, total,
          children, eta, elapsedMs, stalled, createdAt, startedAt, updatedAt, completedAt, error, result,
          cancelRequested, cancelReason, attributes, version, exclusiveKey, attempt, retryOf, logSeq);
    } catch (IllegalArgumentException e) {
      // Every field was checked above; this only fires if the record gains a rule the reader does not know yet.
      throw new JobJsonException(fieldOf(prefix), e.getMessage(), e);
    }
  }

  private static List<StepSnapshot> readSteps(JsonParser p, String prefix, String name) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return List.of();
    }
    if (t != JsonToken.START_ARRAY) {
      throw wrongType(p, prefix, name, "an array");
    }
    List<StepSnapshot> steps = new ArrayList<>();
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      String element = prefix + name + "[" + steps.size() + "]";
      if (t != JsonToken.START_OBJECT) {
        throw wrongType(p, element, "", "an object");
      }
      steps.add(readStep(p, element + "."));
    }
    return steps;
  }

  private static StepSnapshot readStep(JsonParser p, String prefix) throws IOException {
    String name = null;
    Double weight = null;
    StepStatus status = null;
    double percent = 0;
    Long done = null;
    Long total = null;
    String message = null;
    Instant startedAt = null;
    Instant completedAt = null;
    String error = null;
    String result = null;
    boolean carriedOver = false;
    for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "name" -> name = string(p, prefix, field, true);
        case "weight" -> weight = number(p, prefix, field, true);
        case "status" -> status = enumValue(p, prefix, field, StepStatus::fromWireName);
        case "percent" -> {
          Double value = number(p, prefix, field, false);
          percent = value == null ? 0 : value;
        }
        case "done" -> done = longValue(p, prefix, field, false);
        case "total" -> total = longValue(p, prefix, field, false);
        case "message" -> message = string(p, prefix, field, false);
        case "startedAt" -> startedAt = instant(p, prefix, field, false);
        case "completedAt" -> completedAt = instant(p, prefix, field, false);
        case "error" -> error = string(p, prefix, field, false);
        case "result" -> result = p.currentToken() == JsonToken.VALUE_NULL ? null : RawJson.read(p);
        case "carriedOver" -> carriedOver = bool(p, prefix, field);
        default -> p.skipChildren();
      }
    }
    requirePresent(name, prefix, "name");
    requirePresent(weight, prefix, "weight");
    requirePresent(status, prefix, "status");
    return new StepSnapshot(name, weight, status, percent, done, total, message, startedAt, completedAt, error,
        result, carriedOver);
  }

  private static ChildCounts readChildren(JsonParser p, String prefix, String name) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    requireObject(p, prefix, name);
    String inner = prefix + name + ".";
    Integer total = null;
    Integer queued = null;
    Integer running = null;
    Integer completed = null;
    Integer failed = null;
    Integer cancelled = null;
    for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "total" -> total = intValue(p, inner, field);
        case "queued" -> queued = intValue(p, inner, field);
        case "running" -> running = intValue(p, inner, field);
        case "completed" -> completed = intValue(p, inner, field);
        case "failed" -> failed = intValue(p, inner, field);
        case "cancelled" -> cancelled = intValue(p, inner, field);
        default -> p.skipChildren();
      }
    }
    requirePresent(total, inner, "total");
    requirePresent(queued, inner, "queued");
    requirePresent(running, inner, "running");
    requirePresent(completed, inner, "completed");
    requirePresent(failed, inner, "failed");
    requirePresent(cancelled, inner, "cancelled");
    try {
      return new ChildCounts(total, queued, running, completed, failed, cancelled);
    } catch (IllegalArgumentException e) {
      throw new JobJsonException(prefix + name, e.getMessage(), e);
    }
  }

  private static Eta readEta(JsonParser p, String prefix, String name) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    requireObject(p, prefix, name);
    String inner = prefix + name + ".";
    Long remainingMs = null;
    Long low = null;
    Long high = null;
    Instant at = null;
    Eta.Confidence confidence = null;
    for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "remainingMs" -> {
          remainingMs = longValue(p, inner, field, true);
          if (remainingMs <= 0) {
            throw new JobJsonException(inner + field, "must be greater than 0, was " + remainingMs, null);
          }
        }
        // The range came later: optional, and absent it is the estimate itself.
        case "remainingMsLow" -> low = longValue(p, inner, field, false);
        case "remainingMsHigh" -> high = longValue(p, inner, field, false);
        case "at" -> at = instant(p, inner, field, true);
        case "confidence" -> confidence = enumValue(p, inner, field, Eta.Confidence::fromWireName);
        default -> p.skipChildren();
      }
    }
    requirePresent(remainingMs, inner, "remainingMs");
    requirePresent(at, inner, "at");
    requirePresent(confidence, inner, "confidence");
    if (low != null && (low <= 0 || low > remainingMs)) {
      throw new JobJsonException(inner + "remainingMsLow", "must be greater than 0 and at most remainingMs ("
          + remainingMs + "), was " + low, null);
    }
    if (high != null && high < remainingMs) {
      throw new JobJsonException(inner + "remainingMsHigh", "must be at least remainingMs (" + remainingMs
          + "), was " + high, null);
    }
    return new Eta(remainingMs, at, confidence, low == null ? remainingMs : low, high == null ? remainingMs : high);
  }

  private static JobError readError(JsonParser p, String prefix, String name) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    requireObject(p, prefix, name);
    String inner = prefix + name + ".";
    String message = null;
    String step = null;
    Instant at = null;
    for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "message" -> message = string(p, inner, field, true);
        case "step" -> step = string(p, inner, field, false);
        case "at" -> at = instant(p, inner, field, true);
        default -> p.skipChildren();
      }
    }
    requirePresent(message, inner, "message");
    requirePresent(at, inner, "at");
    return new JobError(message, step, at);
  }

  private static Map<String, String> readAttributes(JsonParser p, String prefix, String name) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return Map.of();
    }
    requireObject(p, prefix, name);
    String inner = prefix + name + ".";
    Map<String, String> attributes = new LinkedHashMap<>();
    for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
      String key = p.currentName();
      if (p.nextToken() != JsonToken.VALUE_STRING) {
        throw wrongType(p, inner, key, "a string");
      }
      attributes.put(key, p.getText());
    }
    return attributes;
  }

  // ---- scalar values ----

  private static String string(JsonParser p, String prefix, String name, boolean required) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    if (t == JsonToken.VALUE_NULL) {
      return nullValue(prefix, name, required);
    }
    throw wrongType(p, prefix, name, "a string");
  }

  private static <E> E enumValue(JsonParser p, String prefix, String name, Function<String, E> fromWireName)
      throws IOException {
    String wireName = string(p, prefix, name, true);
    try {
      return fromWireName.apply(wireName);
    } catch (IllegalArgumentException e) {
      throw new JobJsonException(prefix + name, e.getMessage(), null);
    }
  }

  private static Instant instant(JsonParser p, String prefix, String name, boolean required) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return nullValue(prefix, name, required);
    }
    if (t != JsonToken.VALUE_STRING) {
      throw wrongType(p, prefix, name, "an ISO-8601 time string");
    }
    String text = p.getText();
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new JobJsonException(prefix + name,
          "not an ISO-8601 time such as 2026-01-01T00:00:00Z: " + quote(text), e);
    }
  }

  private static Long longValue(JsonParser p, String prefix, String name, boolean required) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return nullValue(prefix, name, required);
    }
    if (t != JsonToken.VALUE_NUMBER_INT) {
      throw wrongType(p, prefix, name, "an integer");
    }
    try {
      return p.getLongValue();
    } catch (InputCoercionException e) {
      throw new JobJsonException(prefix + name, "out of range for a 64-bit integer: " + quote(p.getText()), e);
    }
  }

  private static int intValue(JsonParser p, String prefix, String name) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return nullValue(prefix, name, true);
    }
    if (t != JsonToken.VALUE_NUMBER_INT) {
      throw wrongType(p, prefix, name, "an integer");
    }
    try {
      return p.getIntValue();
    } catch (InputCoercionException e) {
      throw new JobJsonException(prefix + name, "out of range for a 32-bit integer: " + quote(p.getText()), e);
    }
  }

  private static Double number(JsonParser p, String prefix, String name, boolean required) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return nullValue(prefix, name, required);
    }
    if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
      throw wrongType(p, prefix, name, "a number");
    }
    double value = p.getDoubleValue();
    if (!Double.isFinite(value)) {
      throw new JobJsonException(prefix + name, "out of range: " + quote(p.getText()), null);
    }
    return value;
  }

  private static double percent(JsonParser p, String prefix, String name) throws IOException {
    Double value = number(p, prefix, name, false);
    if (value == null) {
      return 0;
    }
    if (value < 0 || value > 100) {
      throw new JobJsonException(prefix + name, "must be within 0–100, was " + p.getText(), null);
    }
    return value;
  }

  private static int attempt(JsonParser p, String prefix, String name) throws IOException {
    int value = intValue(p, prefix, name);
    if (value < 1) {
      throw new JobJsonException(prefix + name, "must be 1 or more, was " + value, null);
    }
    return value;
  }

  private static long logSeq(JsonParser p, String prefix, String name) throws IOException {
    Long value = longValue(p, prefix, name, false);
    if (value != null && value < 0) {
      throw new JobJsonException(prefix + name, "must be 0 or more, was " + value, null);
    }
    return value == null ? 0 : value;
  }

  private static boolean bool(JsonParser p, String prefix, String name) throws IOException {
    return switch (p.currentToken()) {
      case VALUE_TRUE -> true;
      case VALUE_FALSE, VALUE_NULL -> false;
      default -> throw wrongType(p, prefix, name, "true or false");
    };
  }

  // ---- structure and problems ----

  /**
   * Moves into an object and returns the token of its first field (or its closing brace).
   *
   * <p>Accepts a parser before the object (nothing read yet), on its opening brace, or already on its first
   * field (as Jackson hands a deserializer an object whose start it has read).
   */
  private static JsonToken enterObject(JsonParser p, String what) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null) {
      t = p.nextToken();
      if (t == null) {
        throw new JobJsonException(null, "no JSON content; expected " + what, null);
      }
    }
    if (t == JsonToken.START_OBJECT) {
      return p.nextToken();
    }
    if (t == JsonToken.FIELD_NAME || t == JsonToken.END_OBJECT) {
      return t;
    }
    throw new JobJsonException(null, "expected a JSON object for " + what + ", got " + describe(p), null);
  }

  private static void requireObject(JsonParser p, String prefix, String name) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      nullValue(prefix, name, true);
    }
    if (t != JsonToken.START_OBJECT) {
      throw wrongType(p, prefix, name, "an object");
    }
  }

  private static <T> T nullValue(String prefix, String name, boolean required) {
    if (required) {
      throw new JobJsonException(prefix + name, "required but null", null);
    }
    return null;
  }

  private static void requirePresent(Object value, String prefix, String name) {
    if (value == null) {
      throw new JobJsonException(prefix + name, "required but missing", null);
    }
  }

  private static JobJsonException wrongType(JsonParser p, String prefix, String name, String expected)
      throws IOException {
    return new JobJsonException(prefix + name, "expected " + expected + ", got " + describe(p), null);
  }

  private static String describe(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null) {
      return "the end of the input";
    }
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "the string " + quote(p.getText());
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + shorten(p.getText());
      case VALUE_TRUE -> "true";
      case VALUE_FALSE -> "false";
      case VALUE_NULL -> "null";
      default -> t.name();
    };
  }

  private static String quote(String text) {
    return "'" + shorten(text) + "'";
  }

  private static String shorten(String text) {
    return text.length() <= MAX_QUOTED ? text : text.substring(0, MAX_QUOTED) + "…";
  }

  private static String fieldOf(String prefix) {
    return prefix.isEmpty() ? null : prefix.substring(0, prefix.length() - 1);
  }

  /**
   * Turns a parser's complaint about malformed JSON into a {@link JobJsonException} that says where it is.
   *
   * @param e the parser's exception
   * @return the exception to throw
   */
  static JobJsonException malformed(JsonProcessingException e) {
    String field = null;
    if (e instanceof StreamReadException readException && readException.getProcessor() != null) {
      field = pathOf(readException.getProcessor().getParsingContext());
    }
    JsonLocation location = e.getLocation();
    String where = location == null || location.getLineNr() < 0
        ? ""
        : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    return new JobJsonException(field, "malformed JSON" + where + ": " + e.getOriginalMessage(), e);
  }

  /** Renders a parser context as a field path such as {@code steps[1].status}, or "" at the top. */
  private static String pathOf(JsonStreamContext context) {
    if (context == null || context.inRoot()) {
      return "";
    }
    String parent = pathOf(context.getParent());
    if (context.inArray()) {
      return parent + "[" + Math.max(context.getCurrentIndex(), 0) + "]";
    }
    String name = context.getCurrentName();
    if (name == null) {
      return parent;
    }
    return parent.isEmpty() ? name : parent + "." + name;
  }
}
