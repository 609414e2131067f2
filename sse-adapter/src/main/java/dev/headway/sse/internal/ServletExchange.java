package dev.headway.sse.internal;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A servlet request as an {@link Exchange}. Answers given later and streams run in async mode with the container's
 * timeout off (the endpoints time their own waits); streams write non-blocking, so no thread waits on a slow client.
 */
public final class ServletExchange implements Exchange {
  /** A stream's response buffer: a typical frame fits; a larger one is written through. */
  private static final int STREAM_BUFFER_BYTES = 2048;
  private static final Logger LOG = LoggerFactory.getLogger(ServletExchange.class);

  private final HttpServletRequest request;
  private final HttpServletResponse response;
  private volatile AsyncGuard guard;

  /**
   * Wraps a request.
   *
   * @param request the request
   * @param response its response
   */
  public ServletExchange(HttpServletRequest request, HttpServletResponse response) {
    this.request = request;
    this.response = response;
  }

  @Override
  public String method() {
    return request.getMethod();
  }

  @Override
  public String path() {
    String pathInfo = request.getPathInfo();
    if (pathInfo != null) {
      return pathInfo;
    }
    // Mapped as the default servlet ("/"), the whole path within the context is the servlet path.
    return request.getHttpServletMapping().getMappingMatch() == MappingMatch.DEFAULT ? request.getServletPath() : "/";
  }

  @Override
  public String header(String name) {
    return request.getHeader(name);
  }

  @Override
  public String query(String name) {
    return request.getParameter(name);
  }

  @Override
  public String cookie(String name) {
    Cookie[] cookies = request.getCookies();
    if (cookies != null) {
      for (Cookie c : cookies) {
        if (c.getName().equals(name)) {
          return c.getValue();
        }
      }
    }
    return null;
  }

  @Override
  public <T> Optional<T> unwrap(Class<T> type) {
    return type.isInstance(request) ? Optional.of(type.cast(request)) : Optional.empty();
  }

  @Override
  public void respond(Response response) {
    Response answer = method().equals("HEAD") ? response.withoutBody() : response;
    AsyncGuard g = guard;
    if (g == null) {
      write(answer); // on the container's request thread: nothing can recycle the response meanwhile
      return;
    }
    try {
      g.use(() -> write(answer));
    } catch (IOException e) {
      LOG.debug("client went away before the answer", e);
    } finally {
      g.end();
    }
  }

  private Void write(Response answer) {
    try {
      response.setStatus(answer.status());
      answer.headers().forEach(this::setHeader);
      if (answer.body().length > 0) {
        response.setContentLength(answer.body().length);
        response.getOutputStream().write(answer.body());
      }
    } catch (IOException e) {
      LOG.debug("client went away before the answer", e);
    }
    return null;
  }

  @Override
  public void defer(Runnable onGone) {
    startAsync(onGone);
  }

  @Override
  public StreamSink openStream(Map<String, String> headers, StreamSink.Events events) {
    AsyncGuard g = startAsync(() -> events.broken(null));
    response.setStatus(200);
    headers.forEach(this::setHeader);
    // A stream is open for minutes and written a frame at a time: a container's default response buffer (Jetty: 32 KB
    // of direct memory, held while the response is open) would cost more than everything else the stream holds.
    response.setBufferSize(STREAM_BUFFER_BYTES);
    ServletOutputStream out;
    try {
      out = response.getOutputStream();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the response body", e);
    }
    out.setWriteListener(new WriteListener() {
      @Override
      public void onWritePossible() {
        events.writable();
      }

      @Override
      public void onError(Throwable t) {
        g.endFromContainer();
        events.broken(t);
      }
    });
    return new ServletSink(out, g);
  }

  private AsyncGuard startAsync(Runnable onGone) {
    if (!request.isAsyncSupported()) {
      throw new IllegalStateException("mount the Headway servlet with async support on "
          + "(ServletHolder.setAsyncSupported(true), Wrapper.setAsyncSupported(true), or asyncSupported in web.xml)");
    }
    AsyncContext a = request.startAsync(request, response);
    a.setTimeout(0); // streams stay open; long-polls time themselves
    AsyncGuard g = new AsyncGuard(a);
    a.addListener(new AsyncListener() {
      @Override
      public void onComplete(AsyncEvent event) {
        // Ended by whoever answered or closed the stream; nothing left to release.
      }

      @Override
      public void onTimeout(AsyncEvent event) {
        gone();
      }

      @Override
      public void onError(AsyncEvent event) {
        gone();
      }

      private void gone() {
        g.endFromContainer();
        onGone.run();
      }

      @Override
      public void onStartAsync(AsyncEvent event) {
        // Not restarted.
      }
    });
    guard = g;
    return g;
  }

  private void setHeader(String name, String value) {
    if (name.equalsIgnoreCase("Content-Type")) {
      response.setContentType(value);
    } else {
      response.setHeader(name, value);
    }
  }
}
