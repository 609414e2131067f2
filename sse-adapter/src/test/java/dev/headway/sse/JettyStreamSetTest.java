package dev.headway.sse;

import dev.headway.sse.testing.JettyHost;
import dev.headway.sse.testing.Host;

/** Several jobs per stream, caps and HEAD on Jetty 12. */
class JettyStreamSetTest extends StreamSetContract {
  @Override
  Host newHost() {
    return new JettyHost();
  }
}
