package dev.headway.sse;

import dev.headway.sse.testing.JettyHost;
import dev.headway.sse.testing.Host;

/** Log events on streams on embedded Jetty 12 (ee10). */
class JettyLogStreamTest extends LogStreamContract {
  @Override
  Host newHost() {
    return new JettyHost();
  }
}
