package dev.headway.internal;

import dev.headway.JobEventType;
import dev.headway.JobSnapshot;
import dev.headway.spi.TrackerObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls the application's observer so that one that throws is logged and ignored, never felt by the tracker. */
final class GuardedObserver implements TrackerObserver {
  private static final Logger LOG = LoggerFactory.getLogger(GuardedObserver.class);

  private final TrackerObserver observer;

  GuardedObserver(TrackerObserver observer) {
    this.observer = observer;
  }

  @Override
  public void jobEvent(JobEventType type, JobSnapshot job) {
    try {
      observer.jobEvent(type, job);
    } catch (RuntimeException e) {
      LOG.warn("the tracker observer threw on {} of job {}; ignored", type.wireName(), job.id(), e);
    }
  }

  @Override
  public void storeCall(String operation, int items, long nanos, Throwable failure) {
    try {
      observer.storeCall(operation, items, nanos, failure);
    } catch (RuntimeException e) {
      LOG.warn("the tracker observer threw on a store call ({}); ignored", operation, e);
    }
  }

  @Override
  public void busNotices(boolean sent, int count) {
    try {
      observer.busNotices(sent, count);
    } catch (RuntimeException e) {
      LOG.warn("the tracker observer threw on bus notices; ignored", e);
    }
  }

  @Override
  public void busResync() {
    try {
      observer.busResync();
    } catch (RuntimeException e) {
      LOG.warn("the tracker observer threw on a bus resync; ignored", e);
    }
  }
}
