package dev.headway.sse.testing;

import dev.headway.sse.JobEndpoints;
import java.net.URI;

/** A real server on 127.0.0.1 and an ephemeral port, serving endpoints under {@code /headway}. */
public interface Host extends AutoCloseable {
  /** Starts serving and returns the base URI, for example {@code http://127.0.0.1:41234/headway}. */
  URI serve(JobEndpoints endpoints) throws Exception;

  /** Stops the server. */
  @Override
  void close();
}
