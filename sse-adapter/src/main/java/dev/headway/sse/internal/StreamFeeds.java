package dev.headway.sse.internal;

import dev.headway.JobEvent;
import dev.headway.JobFilter;
import dev.headway.JobListener;
import dev.headway.JobSnapshot;
import dev.headway.ProgressTracker;
import dev.headway.Subscription;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Feeds the open streams from one tracker subscription per thing watched, not one per stream: a feed per job that
 * single-job streams show, a feed per scope that all-jobs streams show. The tracker delivers an event to a feed once;
 * the feed wraps it in one {@link JobFrames}, encoded at most once, and offers it to each of its streams in place,
 * on the delivering thread. An offer only updates the stream's slot, so a slow stream never slows the others. A
 * state that shows new log lines is read from the tracker's log once, here, for all the feed's streams
 * ({@link LogFeed}).
 *
 * <p>A feed's subscription closes with its last stream, or by itself after a single job's terminal event; a
 * stream that comes later gets a new feed.
 */
final class StreamFeeds {
  private final ConcurrentHashMap<Object, Feed> feeds = new ConcurrentHashMap<>();
  private final ProgressTracker tracker;

  /**
   * Creates the feeds.
   *
   * @param tracker where each feed reads its jobs' new log lines, once per change
   */
  StreamFeeds(ProgressTracker tracker) {
    this.tracker = tracker;
  }

  /** The streams that show one job, or one scope, and the subscription that feeds them. */
  private final class Feed implements JobListener {
    private final Object key;
    private final CopyOnWriteArrayList<EventStream> streams = new CopyOnWriteArrayList<>();
    private final LogFeed logs;
    // Guarded by this.
    private Subscription subscription;
    private boolean closed;

    Feed(Object key) {
      this.key = key;
      this.logs = new LogFeed(tracker);
    }

    @Override
    public void onEvent(JobEvent event) {
      JobFrames frames = new JobFrames(event.job(), logs.newLines(event.job()));
      for (EventStream stream : streams) {
        stream.offer(event.type().wireName(), frames);
      }
    }

    /** Adds a stream unless the feed is done; a done feed is dropped for a new one. */
    synchronized boolean tryAdd(EventStream stream) {
      if (closed || !subscription.isActive()) {
        return false;
      }
      streams.add(stream);
      return true;
    }

    void remove(EventStream stream) {
      Subscription last;
      synchronized (this) {
        if (!streams.remove(stream) || !streams.isEmpty() || closed) {
          return;
        }
        closed = true;
        last = subscription;
      }
      feeds.remove(key, this);
      last.close();
    }
  }

  /** What a feed's key is subscribed with. */
  @FunctionalInterface
  interface Subscribe {
    Subscription to(JobListener listener);
  }

  /**
   * Feeds a stream one job's events, as {@code subscribe} would.
   *
   * @param id the job
   * @param stream the stream
   * @param subscribe subscribes a listener to the job; may throw, and then nothing changes
   * @return closes to stop feeding the stream
   */
  Subscription job(String id, EventStream stream, Subscribe subscribe) {
    return feed(new JobKey(id), stream, subscribe);
  }

  /**
   * Feeds a stream the events of the jobs a scope matches.
   *
   * @param scope the scope
   * @param stream the stream
   * @param subscribe subscribes a listener to the scope
   * @return closes to stop feeding the stream
   */
  Subscription scope(JobFilter scope, EventStream stream, Subscribe subscribe) {
    return feed(scope, stream, subscribe);
  }

  /**
   * Tells a job's feed the state a stream of it began with, so the feed reads the job's log from there.
   *
   * @param job the state the stream took after subscribing
   */
  void shownOnJob(JobSnapshot job) {
    shown(new JobKey(job.id()), job);
  }

  /**
   * Tells a scope's feed the state a stream of it began a job with.
   *
   * @param scope the scope
   * @param job the state the stream took after subscribing
   */
  void shownInScope(JobFilter scope, JobSnapshot job) {
    shown(scope, job);
  }

  private void shown(Object key, JobSnapshot job) {
    Feed feed = feeds.get(key);
    if (feed != null) {
      feed.logs.shown(job);
    }
  }

  /** Returns how many tracker subscriptions feed the open streams. */
  int size() {
    return feeds.size();
  }

  private Subscription feed(Object key, EventStream stream, Subscribe subscribe) {
    while (true) {
      Feed feed = feeds.get(key);
      if (feed != null) {
        if (feed.tryAdd(stream)) {
          return handle(feed, stream);
        }
        feeds.remove(key, feed);
        continue;
      }
      // Subscribe outside any lock: for a job of another node the tracker may ask the store first.
      Feed fresh = new Feed(key);
      Subscription s = subscribe.to(fresh);
      synchronized (fresh) {
        fresh.subscription = s;
        fresh.streams.add(stream);
      }
      if (feeds.putIfAbsent(key, fresh) == null) {
        return handle(fresh, stream);
      }
      s.close(); // another stream subscribed the same key meanwhile: join that feed
    }
  }

  private static Subscription handle(Feed feed, EventStream stream) {
    return new Subscription() {
      private volatile boolean active = true;

      @Override
      public void close() {
        active = false;
        feed.remove(stream);
      }

      @Override
      public boolean isActive() {
        return active;
      }
    };
  }

  /** A single job's feed key, apart from scope keys. */
  private record JobKey(String id) {}
}
