package dev.headway.benchmarks.streams;

import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * One SSE connection of the load client and its incremental parser: the HTTP response head, chunked transfer
 * coding when the server uses it, and the SSE lines. Bytes are looked at once, in place; no object is made per
 * frame or per line. Of a line only the first {@value #KEPT} bytes are kept, enough for {@code event:} and
 * {@code id:}; the {@code data:} lines, which hold the snapshot, are skipped.
 */
final class SseConnection {
  /** Receives each complete event that had an id. */
  interface FrameSink {
    /**
     * Called for each event with an id.
     *
     * @param id the event id, the job's version (server clock, µs since the epoch)
     * @param snapshot whether it is the {@code snapshot} event a stream opens with, which shows an older change
     */
    void frame(long id, boolean snapshot);
  }

  /** What {@link #parse} found wrong or finished, if anything. */
  enum Outcome { OPEN, NOT_OK, ENDED }

  private static final int KEPT = 40;
  private static final byte[] EVENT_SNAPSHOT = bytes("event: snapshot");
  private static final byte[] EVENT = bytes("event:");
  private static final byte[] ID = bytes("id:");
  private static final byte[] TRANSFER_ENCODING = bytes("transfer-encoding:");

  private enum Phase { STATUS, HEADERS, BODY }

  private enum Chunk { SIZE, DATA, DATA_END }

  final SocketChannel channel;
  /** The request, until it is written. */
  ByteBuffer request;
  private Phase phase = Phase.STATUS;
  private boolean chunked;
  private Chunk chunk = Chunk.SIZE;
  private long chunkLeft;
  private boolean sizeRead;
  private final byte[] line = new byte[KEPT];
  private int lineLength;
  private long eventId;
  private boolean snapshotEvent;
  private int status;

  SseConnection(SocketChannel channel, ByteBuffer request) {
    this.channel = channel;
    this.request = request;
  }

  /**
   * Returns whether the response head has been read (the stream is open).
   *
   * @return true once the body started
   */
  boolean streaming() {
    return phase == Phase.BODY;
  }

  /**
   * Returns the HTTP status of the response, once read.
   *
   * @return the status, or 0 before the status line
   */
  int status() {
    return status;
  }

  /**
   * Parses the bytes read, from {@code buffer}'s position to its limit.
   *
   * @param buffer bytes read from the connection
   * @param sink gets each complete event
   * @return whether the connection is still a healthy open stream
   */
  Outcome parse(ByteBuffer buffer, FrameSink sink) {
    byte[] bytes = buffer.array();
    int end = buffer.arrayOffset() + buffer.limit();
    for (int i = buffer.arrayOffset() + buffer.position(); i < end; i++) {
      byte b = bytes[i];
      if (phase != Phase.BODY || !chunked) {
        Outcome outcome = text(b, sink);
        if (outcome != Outcome.OPEN) {
          return outcome;
        }
        continue;
      }
      switch (chunk) {
        case SIZE -> {
          if (b == '\n') {
            if (chunkLeft == 0) {
              return Outcome.ENDED; // the last chunk: the server ended the stream
            }
            chunk = Chunk.DATA;
            sizeRead = false;
          } else if (!sizeRead) {
            int digit = Character.digit(b, 16);
            if (digit >= 0) {
              chunkLeft = chunkLeft * 16 + digit;
            } else {
              sizeRead = true; // '\r' or a ';' that starts a chunk extension: the size is complete
            }
          }
        }
        case DATA -> {
          Outcome outcome = text(b, sink);
          if (outcome != Outcome.OPEN) {
            return outcome;
          }
          if (--chunkLeft == 0) {
            chunk = Chunk.DATA_END;
          }
        }
        case DATA_END -> {
          if (b == '\n') {
            chunk = Chunk.SIZE;
          }
        }
        default -> throw new AssertionError(chunk);
      }
    }
    return Outcome.OPEN;
  }

  /** Takes one byte of the head or of the SSE text. */
  private Outcome text(byte b, FrameSink sink) {
    if (b != '\n') {
      if (lineLength < KEPT) {
        line[lineLength] = b;
      }
      lineLength++;
      return Outcome.OPEN;
    }
    int length = lineLength;
    if (length > 0 && length <= KEPT && line[length - 1] == '\r') {
      length--;
    }
    lineLength = 0;
    return switch (phase) {
      case STATUS -> statusLine(length);
      case HEADERS -> header(length);
      case BODY -> sseLine(length, sink);
    };
  }

  private Outcome statusLine(int length) {
    // "HTTP/1.1 200 OK": the status is at 9..11.
    if (length >= 12) {
      status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
    }
    phase = Phase.HEADERS;
    return status == 200 ? Outcome.OPEN : Outcome.NOT_OK;
  }

  private Outcome header(int length) {
    if (length == 0) {
      phase = Phase.BODY;
      chunkLeft = 0;
    } else if (startsWith(TRANSFER_ENCODING, length, true)) {
      chunked = true; // the only transfer coding a server sends unasked
    }
    return Outcome.OPEN;
  }

  private Outcome sseLine(int length, FrameSink sink) {
    if (length == 0) {
      if (eventId > 0) {
        sink.frame(eventId, snapshotEvent);
      }
      eventId = 0;
      snapshotEvent = false;
    } else if (startsWith(ID, length, false)) {
      long id = 0;
      for (int i = ID.length; i < Math.min(length, KEPT); i++) {
        int digit = line[i] - '0';
        if (digit >= 0 && digit <= 9) {
          id = id * 10 + digit;
        }
      }
      eventId = id;
    } else if (startsWith(EVENT, length, false)) {
      snapshotEvent = length == EVENT_SNAPSHOT.length && startsWith(EVENT_SNAPSHOT, length, false);
    }
    return Outcome.OPEN;
  }

  private boolean startsWith(byte[] prefix, int length, boolean ignoreCase) {
    if (length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      byte b = line[i];
      if (ignoreCase && b >= 'A' && b <= 'Z') {
        b += 'a' - 'A';
      }
      if (b != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
