package dev.headway.sse.internal;

import dev.headway.sse.testing.SseReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** A sink for stream tests: records what is flushed, and can lag like a slow client or fail like a gone one. */
final class RecordingSink implements StreamSink {
  private final ByteArrayOutputStream written = new ByteArrayOutputStream();
  private final ByteArrayOutputStream flushed = new ByteArrayOutputStream();
  private StreamSink.Events events;
  private boolean ready = true;
  private IOException failure;
  int closes;
  /** The arrays handed to {@link #write}, as they were handed: streams share frames, never copy them. */
  final List<byte[]> writes = new ArrayList<>();

  void attach(StreamSink.Events events) {
    this.events = events;
  }

  /** Makes the sink lag (false) or catch up (true, which tells the writer). */
  void ready(boolean ready) {
    synchronized (this) {
      this.ready = ready;
    }
    if (ready) {
      events.writable();
    }
  }

  synchronized void failWith(IOException e) {
    failure = e;
  }

  @Override
  public boolean blocks() {
    return false;
  }

  @Override
  public synchronized boolean isReady() {
    return ready;
  }

  @Override
  public synchronized void write(byte[] bytes) throws IOException {
    if (failure != null) {
      throw failure;
    }
    writes.add(bytes);
    written.writeBytes(bytes);
  }

  @Override
  public synchronized void flush() throws IOException {
    if (failure != null) {
      throw failure;
    }
    flushed.writeBytes(written.toByteArray());
    written.reset();
  }

  @Override
  public synchronized void close() {
    closes++;
  }

  /** The events the client has received so far, parsed as a browser would. */
  synchronized List<SseReader.Event> events() {
    SseReader reader = new SseReader(new ByteArrayInputStream(flushed.toByteArray()));
    List<SseReader.Event> all = new ArrayList<>();
    try {
      for (SseReader.Event e = reader.next(); e != null; e = reader.next()) {
        all.add(e);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return all;
  }

  synchronized String text() {
    return flushed.toString(java.nio.charset.StandardCharsets.UTF_8);
  }
}
