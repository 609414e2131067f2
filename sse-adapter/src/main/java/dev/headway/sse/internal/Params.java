package dev.headway.sse.internal;

/** Reads query parameters; a value that does not parse is a {@link BadRequest} naming the parameter. */
final class Params {
  private Params() {}

  /** A whole number, or null when the parameter is absent. */
  static Long longParam(Exchange exchange, String name) {
    String value = exchange.query(name);
    if (value == null) {
      return null;
    }
    Long parsed = StreamRequests.parseLongOrNull(value);
    if (parsed == null) {
      throw new BadRequest(name + " must be a whole number, was " + Response.quoted(value));
    }
    return parsed;
  }

  /** A whole number of at least 0, or the default when the parameter is absent. */
  static long notNegative(Exchange exchange, String name, long absent) {
    Long value = longParam(exchange, name);
    if (value == null) {
      return absent;
    }
    if (value < 0) {
      throw new BadRequest(name + " must not be negative, was " + value);
    }
    return value;
  }
}
