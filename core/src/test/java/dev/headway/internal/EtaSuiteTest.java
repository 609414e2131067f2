package dev.headway.internal;

import dev.headway.spi.EtaEstimator;
import org.junit.jupiter.api.Test;

class EtaSuiteTest {
  @Test
  void printsTheTable() {
    EtaSuite.print(EtaSuite.measureAll(EtaEstimator.smoothed()));
  }
}
