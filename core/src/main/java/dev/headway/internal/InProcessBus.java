package dev.headway.internal;

import dev.headway.spi.ChangeNotice;
import dev.headway.spi.ClusterBus;
import java.util.List;

/** The bus of a tracker that is alone: nothing to tell, nothing to hear. */
public enum InProcessBus implements ClusterBus {
  /** The one instance; it holds nothing. */
  INSTANCE;

  @Override
  public void start(String nodeId, Receiver receiver) {}

  @Override
  public void publish(List<ChangeNotice> notices) {}

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "ClusterBus.inProcess()";
  }
}
