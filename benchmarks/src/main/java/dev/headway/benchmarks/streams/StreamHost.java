package dev.headway.benchmarks.streams;

/** An HTTP server under load that serves {@code GET /headway/jobs/{id}/events} on 127.0.0.1. */
interface StreamHost extends AutoCloseable {
  /** The path below which the streams are served, the same on every host. */
  String MOUNT = "/headway";

  /**
   * Returns the port the server listens on.
   *
   * @return the port
   */
  int port();

  /**
   * Returns how many event streams the server holds open.
   *
   * @return the count
   */
  int openStreams();

  /** Stops the server. */
  @Override
  void close();
}
