package dev.headway.spi;

import dev.headway.internal.InProcessBus;
import java.util.List;

/**
 * Tells the other nodes of a cluster which jobs this node wrote, and this node which jobs the others wrote, so a
 * subscriber on any node follows a job whichever node runs it.
 *
 * <p>The tracker {@linkplain #start starts} its bus once, when it is built, and {@linkplain #close closes} it when
 * it closes. After every successful write to the store (a write-behind batch, a status change, a sweep, a cancel
 * request) it {@linkplain #publish publishes} one notice per job written. On notices from other nodes it reads the
 * newer states from the store and passes them to its subscribers in version order; a notice of its own node is
 * ignored. A notice is a hint: a bus may lose one during an outage, as long as it then calls
 * {@link Receiver#resync()}.
 *
 * <p>The default, {@link #inProcess()}, is for a single node: it sends and receives nothing.
 */
public interface ClusterBus extends AutoCloseable {

  /**
   * Returns the bus of a tracker that is alone: publishing does nothing and nothing is received.
   *
   * @return the in-process bus
   */
  static ClusterBus inProcess() {
    return InProcessBus.INSTANCE;
  }

  /**
   * Starts receiving notices. Called once, by the tracker, before any {@link #publish}.
   *
   * @param nodeId the tracker's node id, to put in the notices it publishes
   * @param receiver where notices from every node (this one included) go; the bus guards it
   */
  void start(String nodeId, Receiver receiver);

  /**
   * Announces jobs this node wrote, after the write committed; at most one notice per job per write. A bus that
   * announces writes from inside the store's own write transaction (as the PostgreSQL bus does) ignores this.
   *
   * @param notices the jobs and versions written
   */
  void publish(List<ChangeNotice> notices);

  /**
   * Returns whether the bus hears the other nodes now, for health checks. A bus that cannot tell says true.
   *
   * @return false while a connection the bus needs is down (it is retrying)
   */
  default boolean connected() {
    return true;
  }

  /** Stops receiving and releases what the bus holds. The tracker calls it once, when it closes. */
  @Override
  void close();

  /** The tracker's side of a bus. */
  interface Receiver {
    /**
     * Takes notices of changes, in the order the bus got them.
     *
     * @param notices the notices
     */
    void changed(List<ChangeNotice> notices);

    /** Tells that notices may have been lost (the bus was disconnected): the tracker re-reads what it follows. */
    void resync();
  }

  /**
   * Implemented by a {@link JobStore} that knows the bus suited to it: a tracker built on such a store without a
   * {@code clusterBus} setting uses {@link #defaultClusterBus()} and closes it when it closes.
   */
  interface Default {
    /**
     * Returns a new bus for a tracker on this store.
     *
     * @return the bus; {@link ClusterBus#inProcess()} when the store is not shared between nodes
     */
    ClusterBus defaultClusterBus();
  }
}
