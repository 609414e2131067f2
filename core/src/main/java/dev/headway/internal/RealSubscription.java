package dev.headway.internal;

import dev.headway.JobEvent;
import dev.headway.JobEventType;
import dev.headway.JobFilter;
import dev.headway.JobListener;
import dev.headway.Subscription;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listener and its conflating mailbox. Events wait here until the executor delivers them, one at a time and
 * in order. A {@code progress} event that is still waiting is replaced by the next progress event of the same job,
 * so a slow listener holds at most its job's status and step events plus one progress event per job, and always
 * ends up with the latest state.
 */
final class RealSubscription implements Subscription, Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(RealSubscription.class);
  /** Deliveries per turn on the executor, so one busy listener does not keep a shared thread to itself. */
  private static final int BATCH = 64;

  /** A queued event; a progress slot is overwritten in place when a newer progress event arrives. */
  private static final class Slot {
    JobEvent event;

    Slot(JobEvent event) {
      this.event = event;
    }
  }

  private final JobListener listener;
  private final String jobId;
  private final JobFilter filter;
  private final Executor executor;
  private final Runnable onClose;

  private final ArrayDeque<Slot> queue = new ArrayDeque<>();
  private final Map<String, Slot> lastSlotByJob = new HashMap<>();
  private boolean scheduled;
  private volatile boolean active = true;

  RealSubscription(JobListener listener, String jobId, JobFilter filter, Executor executor, Runnable onClose) {
    this.listener = listener;
    this.jobId = jobId;
    this.filter = filter;
    this.executor = executor;
    this.onClose = onClose;
  }

  boolean matches(JobEvent event) {
    return jobId != null ? jobId.equals(event.job().id()) : filter.matches(event.job());
  }

  void offer(JobEvent event) {
    boolean schedule;
    synchronized (this) {
      if (!active) {
        return;
      }
      String id = event.job().id();
      Slot last = lastSlotByJob.get(id);
      if (last != null && last.event.type() == JobEventType.PROGRESS && event.type() == JobEventType.PROGRESS) {
        last.event = event;
        return;
      }
      Slot slot = new Slot(event);
      queue.add(slot);
      lastSlotByJob.put(id, slot);
      schedule = !scheduled;
      scheduled = true;
    }
    if (schedule) {
      submit();
    }
  }

  private void submit() {
    try {
      executor.execute(this);
    } catch (RejectedExecutionException e) {
      LOG.warn("listener executor refused a delivery; events for {} are dropped", listener, e);
      synchronized (this) {
        scheduled = false;
        queue.clear();
        lastSlotByJob.clear();
      }
    }
  }

  @Override
  public void run() {
    for (int delivered = 0; delivered < BATCH; delivered++) {
      JobEvent event;
      synchronized (this) {
        Slot slot = queue.poll();
        if (slot == null || !active) {
          scheduled = false;
          return;
        }
        event = slot.event;
        if (lastSlotByJob.get(event.job().id()) == slot) {
          lastSlotByJob.remove(event.job().id());
        }
      }
      deliver(event);
      if (jobId != null && event.type().isTerminal()) {
        close();
        return;
      }
    }
    submit();
  }

  private void deliver(JobEvent event) {
    try {
      listener.onEvent(event);
    } catch (RuntimeException | Error e) {
      LOG.warn("listener {} threw on {} of job {}; other listeners are unaffected",
          listener, event.type().wireName(), event.job().id(), e);
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      if (!active) {
        return;
      }
      active = false;
      queue.clear();
      lastSlotByJob.clear();
    }
    onClose.run();
  }

  @Override
  public boolean isActive() {
    return active;
  }

  String jobId() {
    return jobId;
  }
}
