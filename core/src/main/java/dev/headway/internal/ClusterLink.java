package dev.headway.internal;

import dev.headway.JobSnapshot;
import dev.headway.spi.ChangeNotice;
import dev.headway.spi.ClusterBus;
import dev.headway.spi.JobStore;
import dev.headway.spi.TrackerObserver;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's link to the cluster bus: the bus configured (or the store's default, or none beyond this process),
 * started with the receiver of the other nodes' notices; it tells them which jobs this node wrote, and closes with
 * the tracker.
 */
final class ClusterLink {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterLink.class);

  private final ClusterBus bus;
  private final String nodeId;
  private final TrackerObserver observer;

  /**
   * @param configured the bus the builder was given, or null for the store's default
   */
  ClusterLink(ClusterBus configured, JobStore store, String nodeId, TrackerObserver observer) {
    this.bus = configured != null ? configured
        : store instanceof ClusterBus.Default d ? d.defaultClusterBus() : ClusterBus.inProcess();
    this.nodeId = nodeId;
    this.observer = observer;
  }

  /** Starts the bus: from now on, the other nodes' notices reach the receiver (and the observer hears of them). */
  void start(ClusterBus.Receiver receiver) {
    bus.start(nodeId, observer == TrackerObserver.NONE ? receiver : new ClusterBus.Receiver() {
      @Override
      public void changed(List<ChangeNotice> notices) {
        observer.busNotices(false, notices.size());
        receiver.changed(notices);
      }

      @Override
      public void resync() {
        observer.busResync();
        receiver.resync();
      }
    });
  }

  /** Returns whether the bus hears the other nodes now. */
  boolean connected() {
    return bus.connected();
  }

  /** Tells the other nodes which jobs this node just wrote; a failing bus costs them a prompt update, no more. */
  void announce(List<JobSnapshot> written) {
    if (bus == ClusterBus.inProcess() || written.isEmpty()) {
      return;
    }
    List<ChangeNotice> notices = new ArrayList<>(written.size());
    for (JobSnapshot snap : written) {
      notices.add(new ChangeNotice(nodeId, snap.id(), snap.version()));
    }
    try {
      bus.publish(notices);
      observer.busNotices(true, notices.size());
    } catch (RuntimeException e) {
      LOG.warn("the cluster bus {} could not announce {} written jobs", bus, notices.size(), e);
    }
  }

  /** Closes the bus; one that fails to close is logged, never thrown. */
  void close() {
    try {
      bus.close();
    } catch (RuntimeException e) {
      LOG.warn("the cluster bus {} did not close cleanly", bus, e);
    }
  }
}
