package dev.headway.sse.internal;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JDK HttpServer response body: always ready, and a write blocks until the socket takes the bytes. Its socket
 * channel closes when the blocked thread is interrupted, which is how a stuck write is broken.
 */
final class HttpServerSink implements StreamSink {
  private static final Logger LOG = LoggerFactory.getLogger(HttpServerSink.class);

  private final HttpExchange exchange;
  private final OutputStream out;

  HttpServerSink(HttpExchange exchange) {
    this.exchange = exchange;
    this.out = exchange.getResponseBody();
  }

  @Override
  public boolean blocks() {
    return true;
  }

  @Override
  public boolean isReady() {
    return true;
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
    try {
      exchange.close();
    } catch (RuntimeException e) {
      LOG.debug("closing a broken stream", e);
    }
  }
}
