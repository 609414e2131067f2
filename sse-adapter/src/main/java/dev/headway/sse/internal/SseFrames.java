package dev.headway.sse.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Encodes server-sent events as the WHATWG HTML standard parses them: UTF-8, one {@code field: value} per line,
 * a blank line ending each event.
 *
 * <p>Data may hold any text: it is split at every CR, LF and CRLF into {@code data:} lines, which a client joins
 * back with LF, so nothing inside it can start another field or end the event early. (Splitting bytes is safe:
 * in UTF-8, CR and LF never occur inside a multi-byte character.) Event names, ids and comments are single-line
 * by construction and refused otherwise.
 */
final class SseFrames {
  /** A comment line: clients ignore it, proxies see traffic. */
  static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.US_ASCII);

  private SseFrames() {}

  /**
   * Encodes one event.
   *
   * @param name the event type
   * @param id the event id, or null for none
   * @param data the data, UTF-8
   * @return the event's bytes
   */
  static byte[] event(String name, String id, byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 64);
    field(out, "event", singleLine("event name", name));
    if (id != null) {
      if (id.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("an event id must not hold NUL; a client would ignore it");
      }
      field(out, "id", singleLine("event id", id));
    }
    int start = 0;
    for (int i = 0; i <= data.length; i++) {
      if (i == data.length || data[i] == '\n' || data[i] == '\r') {
        out.writeBytes("data: ".getBytes(StandardCharsets.US_ASCII));
        out.write(data, start, i - start);
        out.write('\n');
        if (i < data.length && data[i] == '\r' && i + 1 < data.length && data[i + 1] == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    out.write('\n');
    return out.toByteArray();
  }

  /**
   * Encodes a reconnection hint: how long a client waits before it reconnects.
   *
   * @param millis the delay
   * @return the field and an empty event, which a client does not dispatch
   */
  static byte[] retry(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("retry must not be negative, was " + millis);
    }
    return ("retry: " + millis + "\n\n").getBytes(StandardCharsets.US_ASCII);
  }

  private static void field(ByteArrayOutputStream out, String field, String value) {
    out.writeBytes((field + ": " + value + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static String singleLine(String what, String value) {
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("an " + what + " must be one line, was '" + value + "'");
    }
    return value;
  }
}
