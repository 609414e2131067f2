package dev.headway.sse;

import dev.headway.sse.testing.JdkHost;
import dev.headway.sse.testing.Host;

/** Several jobs per stream, caps and HEAD on the JDK HttpServer. */
class JdkStreamSetTest extends StreamSetContract {
  @Override
  Host newHost() {
    return new JdkHost();
  }
}
