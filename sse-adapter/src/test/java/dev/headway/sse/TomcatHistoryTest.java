package dev.headway.sse;

import dev.headway.sse.testing.TomcatHost;
import dev.headway.sse.testing.Host;

/** Retry, log and stats on embedded Tomcat 10.1. */
class TomcatHistoryTest extends HistoryContract {
  @Override
  Host newHost() {
    return new TomcatHost();
  }
}
