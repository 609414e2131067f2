package dev.headway.sse;

import dev.headway.sse.testing.JdkHost;
import dev.headway.sse.testing.Host;

/** Log events on streams on the JDK HttpServer. */
class JdkLogStreamTest extends LogStreamContract {
  @Override
  Host newHost() {
    return new JdkHost();
  }
}
