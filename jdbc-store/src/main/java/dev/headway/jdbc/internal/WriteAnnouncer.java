package dev.headway.jdbc.internal;

import dev.headway.JobSnapshot;
import dev.headway.spi.ChangeNotice;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Handle;

/**
 * Sends the change notices of a write from inside the write's own transaction, with {@code pg_notify}: PostgreSQL
 * delivers them when the transaction commits, and never when it rolls back, so a notice always names a committed
 * state. One write sends one notification per {@link Notices#MAX_PAYLOAD_BYTES} of notices, however many jobs it
 * wrote.
 */
public final class WriteAnnouncer {
  private final String channel;
  private final String nodeId;
  private final AtomicLong notifications = new AtomicLong();

  /**
   * Makes an announcer.
   *
   * @param channel the notification channel
   * @param nodeId the node whose writes these are
   */
  public WriteAnnouncer(String channel, String nodeId) {
    this.channel = channel;
    this.nodeId = nodeId;
  }

  /**
   * Announces written states, in the transaction open on the handle.
   *
   * @param handle the write's handle, in a transaction
   * @param written the states the write stored
   */
  public void announce(Handle handle, List<JobSnapshot> written) {
    if (written.isEmpty()) {
      return;
    }
    List<ChangeNotice> notices = new ArrayList<>(written.size());
    for (JobSnapshot job : written) {
      notices.add(new ChangeNotice(nodeId, job.id(), job.version()));
    }
    for (String payload : Notices.encode(nodeId, notices)) {
      handle.createQuery("SELECT 1 FROM (SELECT pg_notify(:channel, :payload)) sent")
          .bind("channel", channel)
          .bind("payload", payload)
          .mapTo(Integer.class)
          .one();
      notifications.incrementAndGet();
    }
  }

  /**
   * Returns how many notifications this announcer has sent (in transactions that may since have rolled back).
   *
   * @return the count
   */
  public long notifications() {
    return notifications.get();
  }
}
