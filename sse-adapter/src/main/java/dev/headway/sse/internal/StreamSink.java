package dev.headway.sse.internal;

import java.io.IOException;

/**
 * The body of an open event stream. Calls come from one writer at a time (never concurrently), from any thread.
 *
 * <p>A sink is either non-blocking (a servlet: {@link #isReady()} turns false while the client is behind, and the
 * sink calls {@link Events#writable()} once it catches up) or blocking (the JDK server: always ready, and a write
 * waits for the socket).
 */
public interface StreamSink {

  /**
   * Returns whether a write may wait for the client. A blocking sink is written from a writer thread only; a
   * non-blocking one may be written from any thread, at once.
   *
   * @return true for a sink whose writes wait for the socket
   */
  boolean blocks();

  /**
   * Returns whether bytes may be written now.
   *
   * @return false while earlier bytes are still on their way; {@link Events#writable()} follows
   */
  boolean isReady();

  /**
   * Writes bytes, perhaps only into a buffer.
   *
   * @param bytes the bytes
   * @throws IOException when the client is gone
   */
  void write(byte[] bytes) throws IOException;

  /**
   * Sends what was written.
   *
   * @throws IOException when the client is gone
   */
  void flush() throws IOException;

  /** Ends the response. Idempotent; never throws. */
  void close();

  /** What a sink tells its writer. */
  interface Events {
    /** The sink became ready again after {@link #isReady()} returned false. */
    void writable();

    /**
     * The stream broke (the client went away, or the host gave up on it).
     *
     * @param cause why, or null when unknown
     */
    void broken(Throwable cause);
  }
}
