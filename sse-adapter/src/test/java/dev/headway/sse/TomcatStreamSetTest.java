package dev.headway.sse;

import dev.headway.sse.testing.TomcatHost;
import dev.headway.sse.testing.Host;

/** Several jobs per stream, caps and HEAD on Tomcat. */
class TomcatStreamSetTest extends StreamSetContract {
  @Override
  Host newHost() {
    return new TomcatHost();
  }
}
