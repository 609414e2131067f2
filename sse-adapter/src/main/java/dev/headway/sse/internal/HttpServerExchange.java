package dev.headway.sse.internal;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JDK HttpServer exchange as an {@link Exchange}. The server lets any thread answer after the handler returned,
 * so deferring needs nothing; its streams block, so the endpoints write them on their own executor.
 */
public final class HttpServerExchange implements Exchange {
  private static final Logger LOG = LoggerFactory.getLogger(HttpServerExchange.class);

  private final HttpExchange exchange;

  /**
   * Wraps an exchange.
   *
   * @param exchange the exchange
   */
  public HttpServerExchange(HttpExchange exchange) {
    this.exchange = exchange;
  }

  @Override
  public String method() {
    return exchange.getRequestMethod();
  }

  @Override
  public String path() {
    String full = exchange.getRequestURI().getPath();
    String context = exchange.getHttpContext().getPath();
    // A context matches by prefix: "/headway" also matches "/headwayx", which must not look like "/x".
    String rest = full.substring(context.endsWith("/") ? context.length() - 1 : context.length());
    return rest.isEmpty() ? "/" : rest;
  }

  @Override
  public String header(String name) {
    return exchange.getRequestHeaders().getFirst(name);
  }

  @Override
  public String query(String name) {
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw == null) {
      return null;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      if (key.equals(name)) {
        return eq < 0 ? "" : decode(pair.substring(eq + 1));
      }
    }
    return null;
  }

  @Override
  public String cookie(String name) {
    for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
      for (String pair : header.split(";")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).strip().equals(name)) {
          String value = pair.substring(eq + 1).strip();
          return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
              ? value.substring(1, value.length() - 1)
              : value;
        }
      }
    }
    return null;
  }

  @Override
  public <T> Optional<T> unwrap(Class<T> type) {
    return type.isInstance(exchange) ? Optional.of(type.cast(exchange)) : Optional.empty();
  }

  @Override
  public void respond(Response response) {
    Response answer = method().equals("HEAD") ? response.withoutBody() : response;
    try (exchange) {
      answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
      byte[] body = answer.body();
      // -1: no body at all (204, 304); otherwise a fixed length.
      exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    } catch (IOException e) {
      LOG.debug("client went away before the answer", e);
    }
  }

  @Override
  public void defer(Runnable onGone) {
    // The JDK server does not say when a client leaves; a deferred answer is bounded by its own timeout.
  }

  @Override
  public StreamSink openStream(Map<String, String> headers, StreamSink.Events events) {
    headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    try {
      exchange.sendResponseHeaders(200, 0); // 0: chunked, open-ended
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the stream", e);
    }
    return new HttpServerSink(exchange);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
