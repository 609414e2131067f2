package dev.headway.sse;

import dev.headway.sse.testing.TomcatHost;
import dev.headway.sse.testing.Host;

/** Log events on streams on embedded Tomcat 10.1. */
class TomcatLogStreamTest extends LogStreamContract {
  @Override
  Host newHost() {
    return new TomcatHost();
  }
}
