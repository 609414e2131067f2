package dev.headway.sse;

import dev.headway.sse.testing.JdkHost;
import dev.headway.sse.testing.Host;

/** The endpoints contract on the JDK HttpServer. */
class JdkEndpointsTest extends EndpointsContract {
  @Override
  Host newHost() {
    return new JdkHost();
  }
}
