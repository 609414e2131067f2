package dev.headway.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.headway.JobEvent;
import dev.headway.JobSnapshot;
import java.io.IOException;

/**
 * Writes and reads the JSON wire form of a {@link JobSnapshot} and of a {@link JobEvent}.
 *
 * <p>The form is described in the {@linkplain dev.headway.json package documentation}: one object, every field
 * always present and always in the same order, explicit {@code null} where a value is unknown, times as UTC
 * ISO-8601 strings, and the {@linkplain JobSnapshot#result() result} embedded as JSON rather than as a string.
 * Written JSON is compact: it holds no line breaks (those inside strings are escaped), so it fits on one SSE
 * {@code data:} line.
 *
 * <p>Writing streams straight to a {@link JsonGenerator}; no tree is built. Reading is strict: a missing required
 * field, a value of the wrong type, an unknown status or malformed JSON throws a {@link JobJsonException} (an
 * {@link IllegalArgumentException}) whose message names the field, for example {@code field 'status': unknown
 * job status 'runing'}. Fields the reader does not know are skipped.
 *
 * <p>A result is JSON text; it is written compact with its numbers as they were, and read back as compact JSON
 * text. A result that is the JSON literal {@code null} is indistinguishable from no result and reads back as
 * Java {@code null}.
 *
 * <p>All methods are static and thread-safe; the class holds no mutable state.
 */
public final class JobJson {
  /**
   * The factory for parsers and generators this class creates itself. Immutable once built and thread-safe;
   * duplicate field names are refused.
   *
   * <p>Surrogate pairs (emoji) are left to Jackson's default: in UTF-8 output they are written as escaped pairs.
   * Combining them into four-byte sequences ({@code COMBINE_UNICODE_SURROGATES_IN_UTF8}) is deliberately not
   * enabled: in Jackson 2.18 it corrupts text holding a lone surrogate (a message cut in the middle of an emoji),
   * while the escaped form stays exact.
   */
  static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private JobJson() {}

  /**
   * Checks that text is exactly one JSON value, as a job's {@linkplain JobSnapshot#result() result} must be.
   *
   * @param field the field's name, for the message
   * @param json the text
   * @return the text
   * @throws JobJsonException naming the field when the text is empty, malformed or holds more than one value
   */
  public static String requireJsonValue(String field, String json) {
    RawJson.check(field, json);
    return json;
  }

  // ---- snapshots ----

  /**
   * Writes a snapshot as JSON text.
   *
   * @param snapshot the snapshot
   * @return one compact JSON object
   * @throws JobJsonException when the snapshot cannot be written as JSON: its result is not one valid JSON
   *     value, or a step's weight or percent is not a finite number
   */
  public static String write(JobSnapshot snapshot) {
    return Codec.SNAPSHOT.toText(snapshot);
  }

  /**
   * Writes a snapshot as UTF-8 encoded JSON.
   *
   * @param snapshot the snapshot
   * @return one compact JSON object in UTF-8
   * @throws JobJsonException when the snapshot cannot be written as JSON (see {@link #write(JobSnapshot)})
   */
  public static byte[] writeBytes(JobSnapshot snapshot) {
    return Codec.SNAPSHOT.toBytes(snapshot);
  }

  /**
   * Writes a snapshot to a generator as one JSON object, streaming, without building a tree.
   *
   * <p>The snapshot is checked before the first token is written, so a {@link JobJsonException} leaves the
   * generator untouched. The generator is neither flushed nor closed.
   *
   * @param snapshot the snapshot
   * @param generator where to write; positioned where a value may go
   * @throws IOException when the generator fails
   * @throws JobJsonException when the snapshot cannot be written as JSON (see {@link #write(JobSnapshot)})
   */
  public static void write(JobSnapshot snapshot, JsonGenerator generator) throws IOException {
    SnapshotWriter.writeSnapshot(snapshot, generator);
  }

  /**
   * Reads a snapshot from JSON text.
   *
   * @param json one JSON object, nothing after it but white space
   * @return the snapshot
   * @throws JobJsonException naming the field when the text is not a valid snapshot
   */
  public static JobSnapshot read(String json) {
    return Codec.SNAPSHOT.readWhole(json, () -> FACTORY.createParser(json));
  }

  /**
   * Reads a snapshot from JSON bytes (UTF-8, or UTF-16/32 with or without a byte order mark).
   *
   * @param json one JSON object, nothing after it but white space
   * @return the snapshot
   * @throws JobJsonException naming the field when the bytes are not a valid snapshot
   */
  public static JobSnapshot read(byte[] json) {
    return Codec.SNAPSHOT.readWhole(json, () -> FACTORY.createParser(json));
  }

  /**
   * Reads a snapshot from a parser, streaming, and leaves the parser on the snapshot's closing brace.
   *
   * <p>The parser may be before the snapshot (nothing read yet), on its opening brace, or on its first field.
   * Content after the snapshot is not read. The parser is not closed.
   *
   * @param parser the parser
   * @return the snapshot
   * @throws IOException when the parser's input fails
   * @throws JobJsonException naming the field when the JSON is malformed or not a valid snapshot
   */
  public static JobSnapshot read(JsonParser parser) throws IOException {
    return Codec.SNAPSHOT.readFrom(parser);
  }

  // ---- events ----

  /**
   * Writes an event as JSON text: {@code {"type":"progress","job":{...}}}.
   *
   * @param event the event
   * @return one compact JSON object
   * @throws JobJsonException when the event's snapshot cannot be written as JSON (see {@link #write(JobSnapshot)})
   */
  public static String write(JobEvent event) {
    return Codec.EVENT.toText(event);
  }

  /**
   * Writes an event as UTF-8 encoded JSON.
   *
   * @param event the event
   * @return one compact JSON object in UTF-8
   * @throws JobJsonException when the event's snapshot cannot be written as JSON (see {@link #write(JobSnapshot)})
   */
  public static byte[] writeBytes(JobEvent event) {
    return Codec.EVENT.toBytes(event);
  }

  /**
   * Writes an event to a generator as one JSON object, streaming, without building a tree.
   *
   * <p>The event is checked before the first token is written, so a {@link JobJsonException} leaves the
   * generator untouched. The generator is neither flushed nor closed.
   *
   * @param event the event
   * @param generator where to write; positioned where a value may go
   * @throws IOException when the generator fails
   * @throws JobJsonException when the event's snapshot cannot be written as JSON (see {@link #write(JobSnapshot)})
   */
  public static void write(JobEvent event, JsonGenerator generator) throws IOException {
    SnapshotWriter.writeEvent(event, generator);
  }

  /**
   * Reads an event from JSON text.
   *
   * @param json one JSON object {@code {"type":...,"job":{...}}}, nothing after it but white space
   * @return the event
   * @throws JobJsonException naming the field (for example {@code job.status}) when the text is not a valid event
   */
  public static JobEvent readEvent(String json) {
    return Codec.EVENT.readWhole(json, () -> FACTORY.createParser(json));
  }

  /**
   * Reads an event from a parser, streaming, and leaves the parser on the event's closing brace.
   *
   * <p>The parser may be before the event (nothing read yet), on its opening brace, or on its first field.
   * Content after the event is not read. The parser is not closed.
   *
   * @param parser the parser
   * @return the event
   * @throws IOException when the parser's input fails
   * @throws JobJsonException naming the field when the JSON is malformed or not a valid event
   */
  public static JobEvent readEvent(JsonParser parser) throws IOException {
    return Codec.EVENT.readFrom(parser);
  }
}
