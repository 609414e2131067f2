package dev.headway.sse;

import dev.headway.sse.testing.JettyHost;
import dev.headway.sse.testing.Host;

/** Retry, log and stats on embedded Jetty 12 (ee10). */
class JettyHistoryTest extends HistoryContract {
  @Override
  Host newHost() {
    return new JettyHost();
  }
}
