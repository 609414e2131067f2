package dev.headway.sse.internal;

import dev.headway.sse.RequestView;
import java.util.Map;

/**
 * One request and its response, as a host adapter hands it to the {@link RequestHandler}: the only thing a host
 * implements. Answers may come from any thread, after the host's own handler has returned.
 */
public interface Exchange extends RequestView {

  /**
   * Sends a complete response and ends the exchange. Called at most once.
   *
   * @param response the response
   */
  void respond(Response response);

  /**
   * Keeps the exchange open after the host's handler returns, for a {@link #respond} from another thread later.
   * Called before the handler returns, at most once, and not together with {@link #openStream}.
   *
   * @param onGone run if the client goes away (or the host gives up) before the answer
   */
  void defer(Runnable onGone);

  /**
   * Commits a {@code 200} with the given headers and returns the body as a stream that stays open after the host's
   * handler returns.
   *
   * @param headers the response headers
   * @param events told when the stream can take more bytes, and when it broke
   * @return the stream's body
   */
  StreamSink openStream(Map<String, String> headers, StreamSink.Events events);
}
