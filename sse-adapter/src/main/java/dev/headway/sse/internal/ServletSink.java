package dev.headway.sse.internal;

import jakarta.servlet.ServletOutputStream;
import java.io.IOException;

/** A servlet response body in non-blocking mode: never blocks, and says so when the client is behind. */
final class ServletSink implements StreamSink {
  private final ServletOutputStream out;
  private final AsyncGuard guard;

  /** Wraps a response body that already has its write listener. */
  ServletSink(ServletOutputStream out, AsyncGuard guard) {
    this.out = out;
    this.guard = guard;
  }

  @Override
  public boolean blocks() {
    return false;
  }

  @Override
  public boolean isReady() {
    try {
      return guard.use(out::isReady);
    } catch (IOException e) {
      return true; // over: the next write says so
    }
  }

  @Override
  public void write(byte[] bytes) throws IOException {
    guard.use(() -> {
      out.write(bytes);
      return null;
    });
  }

  @Override
  public void flush() throws IOException {
    guard.use(() -> {
      out.flush();
      return null;
    });
  }

  @Override
  public void close() {
    guard.end();
  }
}
