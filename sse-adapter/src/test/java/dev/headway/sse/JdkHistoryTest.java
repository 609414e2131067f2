package dev.headway.sse;

import dev.headway.sse.testing.JdkHost;
import dev.headway.sse.testing.Host;

/** Retry, log and stats on the JDK HttpServer. */
class JdkHistoryTest extends HistoryContract {
  @Override
  Host newHost() {
    return new JdkHost();
  }
}
