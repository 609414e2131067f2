package dev.headway.sse;

import dev.headway.sse.testing.JettyHost;
import dev.headway.sse.testing.Host;

/** The endpoints contract on embedded Jetty 12 (ee10). */
class JettyEndpointsTest extends EndpointsContract {
  @Override
  Host newHost() {
    return new JettyHost();
  }
}
