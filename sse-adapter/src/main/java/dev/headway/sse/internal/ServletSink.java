package dev.headway.sse.internal;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;

/** A servlet response body in non-blocking mode: never blocks, and says so when the client is behind. */
final class ServletSink implements StreamSink {
  private final ServletOutputStream out;
  private final AsyncContext async;

  /** Wraps a response body that already has its write listener. */
  ServletSink(ServletOutputStream out, AsyncContext async) {
    this.out = out;
    this.async = async;
  }

  @Override
  public boolean isReady() {
    return out.isReady();
  }

  @Override
  public void write(byte[] bytes) throws IOException {
    out.write(bytes);
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() {
    ServletExchange.complete(async);
  }
}
