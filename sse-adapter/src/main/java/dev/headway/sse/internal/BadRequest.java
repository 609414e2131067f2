package dev.headway.sse.internal;

/** A request the endpoints refuse with a {@code 400} and a message. */
final class BadRequest extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BadRequest(String message) {
    super(message, null, false, false);
  }
}
