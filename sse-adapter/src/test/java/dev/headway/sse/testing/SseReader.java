package dev.headway.sse.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;

/**
 * An independent reader of event streams, written from the WHATWG parsing rules rather than from the server's
 * encoder: lines end at CRLF, LF or CR; a leading BOM is skipped; a line starting with a colon is a comment; one
 * space after the field's colon is dropped; data lines join with LF; a blank line dispatches; an id with NUL is
 * ignored; retry takes ASCII digits only.
 */
public final class SseReader {
  /**
   * A dispatched event: {@code lastEventId} is the id buffer at dispatch, as a browser reports it; {@code hadId}
   * whether the event itself carried an {@code id:} field.
   */
  public record Event(String name, String data, String lastEventId, boolean hadId) {
    /** An event that carried its id. */
    public Event(String name, String data, String lastEventId) {
      this(name, data, lastEventId, true);
    }
  }

  private final PushbackInputStream in;
  private String lastEventId = "";
  private Long retry;
  private int comments;
  private boolean first = true;

  public SseReader(InputStream in) {
    this.in = new PushbackInputStream(in, 1);
  }

  /** Returns the next event, or null at the end of the stream (an event not ended by a blank line is dropped). */
  public Event next() throws IOException {
    StringBuilder data = null;
    String name = "";
    boolean hadId = false;
    while (true) {
      String line = readLine();
      if (line == null) {
        return null;
      }
      if (line.isEmpty()) {
        if (data == null) {
          name = "";
          hadId = false;
          continue;
        }
        String d = data.toString();
        return new Event(name.isEmpty() ? "message" : name, d.endsWith("\n") ? d.substring(0, d.length() - 1) : d,
            lastEventId, hadId);
      }
      if (line.startsWith(":")) {
        comments++;
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      switch (field) {
        case "event":
          name = value;
          break;
        case "data":
          data = data == null ? new StringBuilder() : data;
          data.append(value).append('\n');
          break;
        case "id":
          hadId = true;
          if (value.indexOf('\0') < 0) {
            lastEventId = value;
          }
          break;
        case "retry":
          if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            retry = Long.parseLong(value);
          }
          break;
        default:
          break; // unknown fields are ignored
      }
    }
  }

  public Long retry() {
    return retry;
  }

  public int comments() {
    return comments;
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      if (b == '\n') {
        break;
      }
      if (b == '\r') {
        int next = in.read();
        if (next >= 0 && next != '\n') {
          in.unread(next);
        }
        break;
      }
      line.write(b);
    }
    String s = line.toString(StandardCharsets.UTF_8);
    if (first) {
      first = false;
      if (s.startsWith("\uFEFF")) {
        s = s.substring(1);
      }
    }
    return s;
  }
}
