package dev.headway.sse;

import dev.headway.sse.testing.TomcatHost;
import dev.headway.sse.testing.Host;

/** The endpoints contract on embedded Tomcat 10.1. */
class TomcatEndpointsTest extends EndpointsContract {
  @Override
  Host newHost() {
    return new TomcatHost();
  }
}
