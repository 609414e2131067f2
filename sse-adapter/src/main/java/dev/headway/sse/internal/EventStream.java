package dev.headway.sse.internal;

import dev.headway.JobSnapshot;
import dev.headway.Subscription;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open event stream: takes the events its {@link StreamFeeds} offer, keeps at most the latest pending state of
 * each job, and writes them to its {@link StreamSink}.
 *
 * <p><b>Conflation.</b> Each job has one slot: the newest snapshot not yet written, and the names of the events
 * that happened since the last write, each name once, in the order they last happened. A reader that keeps up gets
 * every event as it happened; a reader that falls behind gets each kind of event that happened meanwhile, all
 * carrying the newest state. Either way a connection holds one snapshot per job, however slow its reader.
 *
 * <p><b>Rate limit.</b> A slot holding only {@code progress} is written no sooner than one progress interval after
 * the job's previous write; a timer wakes the writer when it is due. Any other event is written at once and
 * carries the newest progress with it, so status, step and terminal events are never held back or dropped.
 *
 * <p><b>Writer.</b> Offers only touch the slots under this object's lock and ask for a drain. Drains run one at a
 * time (a work-in-progress counter) and write while the sink is ready; a non-blocking sink that is not ready calls
 * back when it is. A non-blocking sink is drained at once on the thread that offered or was told it is writable,
 * which saves a hop per stream and frame; a blocking sink is always drained on the settings' executor, so a client
 * that stopped reading holds one writer thread, never the feed. The lock is never held during I/O, so a stalled
 * client delays nobody but itself.
 *
 * <p><b>Heartbeat.</b> Every heartbeat adds a comment, which proxies see as traffic and which fails on a dead
 * connection. A write that has blocked for a whole heartbeat interval (a blocking sink whose client stopped
 * reading) is interrupted, which breaks the connection.
 */
final class EventStream implements StreamSink.Events {
  private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);

  /** A sink call that may block. */
  @FunctionalInterface
  private interface SinkCall {
    void run() throws IOException;
  }

  private final Settings settings;
  private final boolean singleJob;
  private final Predicate<JobSnapshot> visible;
  private final Consumer<EventStream> onClose;
  private final long progressIntervalMillis;

  // Guarded by this.
  private final Map<String, JobSlot> slots = new HashMap<>();
  private final ArrayDeque<JobSlot> queue = new ArrayDeque<>();
  private byte[] preamble;
  /** Frames about the stream itself (a listed job that is not there), written before job events. */
  private final ArrayDeque<byte[]> notices = new ArrayDeque<>(0);
  /** The log lines of the job frame just written, which go before anything else. */
  private final ArrayDeque<byte[]> lineFrames = new ArrayDeque<>(0);
  private boolean heartbeatDue;
  private boolean ending;
  private boolean closed;
  private final List<Subscription> subscriptions = new ArrayList<>(1);
  private ScheduledFuture<?> wakeUp;
  private long wakeUpAt;

  private volatile StreamSink sink;
  private final AtomicInteger drainRequests = new AtomicInteger();
  // Touched by the one running drain only.
  private boolean unflushed;
  private boolean sinkClosed;

  // Guarded by writeGuard: the thread blocked in a sink call, for the heartbeat's stall check.
  private final Object writeGuard = new Object();
  private Thread writer;
  private long writeStartedMillis;

  /**
   * Creates a stream that writes nothing until {@link #start}.
   *
   * @param settings clock, scheduler, executor and intervals
   * @param singleJob true to end the stream after the first terminal state it writes
   * @param visible which jobs' events this stream's caller may see
   * @param retryMillis the reconnection delay to hint first
   * @param onClose told once when the stream closes
   */
  EventStream(Settings settings, boolean singleJob, Predicate<JobSnapshot> visible, long retryMillis,
      Consumer<EventStream> onClose) {
    this.settings = settings;
    this.singleJob = singleJob;
    this.visible = visible;
    this.onClose = onClose;
    this.progressIntervalMillis = settings.progressInterval().toMillis();
    this.preamble = SseFrames.retry(retryMillis);
  }

  // ---- what goes in ----

  /** Keeps a subscription, to close it with the stream. */
  void subscribed(Subscription s) {
    boolean closeNow;
    synchronized (this) {
      closeNow = closed;
      if (!closeNow) {
        subscriptions.add(s);
      }
    }
    if (closeNow) {
      s.close();
    }
  }

  /** Queues a job's current state as the {@code snapshot} event, ahead of anything else pending for it. */
  synchronized void offerSnapshot(JobSnapshot job) {
    take(JobSlot.SNAPSHOT, new JobFrames(job));
  }

  /** Queues a frame about the stream itself, written before any job's events. */
  synchronized void offerFrame(byte[] frame) {
    if (!closed && !ending) {
      notices.add(frame);
    }
  }

  /** Records that the client already holds this state, so nothing up to its version is sent. */
  synchronized void alreadySent(JobSnapshot job) {
    slot(job.id()).alreadySent(job);
  }

  /**
   * Offers an event its feed received, and writes it at once if the sink does not block.
   *
   * @param name the event's wire name
   * @param frames the state after the event, shared with the other streams that show it
   */
  void offer(String name, JobFrames frames) {
    if (!visible.test(frames.job())) {
      return;
    }
    synchronized (this) {
      take(name, frames);
    }
    requestDrain(true);
  }

  private void take(String name, JobFrames frames) {
    if (closed || ending) {
      return;
    }
    JobSlot slot = slot(frames.job().id());
    if (slot.offer(name, frames) && !slot.queued) {
      slot.queued = true;
      queue.add(slot);
    }
  }

  private JobSlot slot(String id) {
    return slots.computeIfAbsent(id, JobSlot::new);
  }

  // ---- lifecycle ----

  /** Starts writing to the sink. */
  void start(StreamSink out) {
    this.sink = out;
    requestDrain(true);
  }

  /** Adds a heartbeat comment, and breaks the connection if a write has been stuck for a whole interval. */
  void heartbeat() {
    long now = settings.clock().millis();
    synchronized (writeGuard) {
      if (writer != null && now - writeStartedMillis >= settings.heartbeatInterval().toMillis()) {
        LOG.debug("a stream write has been blocked since {} ms; breaking the connection", writeStartedMillis);
        writer.interrupt();
      }
    }
    synchronized (this) {
      heartbeatDue = true;
    }
    requestDrain(false);
  }

  @Override
  public void writable() {
    requestDrain(true);
  }

  @Override
  public void broken(Throwable cause) {
    LOG.debug("stream broken", cause);
    close();
  }

  /** Closes the stream: releases the subscription and the caller's slot, then ends the response. Idempotent. */
  void close() {
    if (markClosed()) {
      synchronized (writeGuard) {
        if (writer != null) {
          writer.interrupt(); // a blocked write would otherwise hold the response open
        }
      }
      requestDrain(false);
    }
  }

  private boolean markClosed() {
    List<Subscription> toClose;
    synchronized (this) {
      if (closed) {
        return false;
      }
      closed = true;
      slots.clear();
      queue.clear();
      preamble = null;
      notices.clear();
      lineFrames.clear();
      if (wakeUp != null) {
        wakeUp.cancel(false);
      }
      toClose = List.copyOf(subscriptions);
      subscriptions.clear();
    }
    toClose.forEach(Subscription::close);
    onClose.accept(this);
    return true;
  }

  synchronized boolean isClosed() {
    return closed;
  }

  /** How many jobs have a snapshot waiting: the memory this stream holds beyond one frame. */
  synchronized int pendingSnapshots() {
    int n = 0;
    for (JobSlot slot : slots.values()) {
      n += slot.hasPending() ? 1 : 0;
    }
    return n;
  }

  /** How many log lines wait for their job's next frame: at most one job's log per job. */
  synchronized int pendingLines() {
    int n = 0;
    for (JobSlot slot : slots.values()) {
      n += slot.pendingLines();
    }
    return n;
  }

  // ---- the writer ----

  /** Asks for a drain: here if allowed and the sink never blocks, else on the executor. */
  private void requestDrain(boolean hereIfNonBlocking) {
    StreamSink out = sink;
    if (out == null || drainRequests.getAndIncrement() != 0) {
      return;
    }
    if (hereIfNonBlocking && !out.blocks()) {
      drain();
      return;
    }
    try {
      settings.executor().execute(this::drain);
    } catch (RejectedExecutionException e) {
      // The host is shutting down: end the response here rather than leave it open.
      markClosed();
      drain();
    }
  }

  private void drain() {
    int missed = 1;
    do {
      if (isClosed()) {
        closeSink();
      } else {
        try {
          writeWhileReady();
        } catch (IOException | RuntimeException e) {
          LOG.debug("stream write failed; the client is gone", e);
          markClosed();
          closeSink();
        }
      }
      missed = drainRequests.addAndGet(-missed);
    } while (missed != 0);
  }

  private void writeWhileReady() throws IOException {
    StreamSink out = sink;
    while (out.isReady()) {
      byte[] frame = next();
      if (frame != null) {
        blocking(() -> out.write(frame));
        unflushed = true;
      } else if (unflushed) {
        unflushed = false;
        blocking(out::flush);
      } else {
        if (isEnding()) {
          markClosed();
          closeSink();
        }
        return;
      }
    }
  }

  private synchronized boolean isEnding() {
    return ending;
  }

  private void blocking(SinkCall call) throws IOException {
    synchronized (writeGuard) {
      writer = Thread.currentThread();
      writeStartedMillis = settings.clock().millis();
    }
    try {
      call.run();
    } finally {
      synchronized (writeGuard) {
        writer = null;
        // An interrupt meant for this call must not leak into the pool thread's next task.
        Thread.interrupted();
      }
    }
  }

  private void closeSink() {
    if (!sinkClosed && sink != null) {
      sinkClosed = true;
      sink.close();
    }
  }

  /**
   * Takes the next frame to write: the log lines of the job frame just written, the preamble, then due jobs in
   * order, then a heartbeat; null for none.
   */
  private synchronized byte[] next() {
    if (closed) {
      return null;
    }
    if (!lineFrames.isEmpty()) {
      return lineFrames.poll(); // even when ending: a terminal state's last lines follow it
    }
    if (ending) {
      return null;
    }
    if (preamble != null) {
      byte[] p = preamble;
      preamble = null;
      return p;
    }
    if (!notices.isEmpty()) {
      return notices.poll();
    }
    long now = settings.clock().millis();
    long earliest = Long.MAX_VALUE;
    for (int n = queue.size(); n > 0; n--) {
      JobSlot slot = queue.poll();
      long dueAt = slot.dueAt(now, progressIntervalMillis);
      if (dueAt <= now) {
        slot.queued = false;
        return write(slot, now);
      }
      queue.add(slot);
      earliest = Math.min(earliest, dueAt);
    }
    if (earliest != Long.MAX_VALUE) {
      wakeUpIn(earliest - now);
    }
    if (heartbeatDue) {
      heartbeatDue = false;
      return SseFrames.HEARTBEAT;
    }
    return null;
  }

  private byte[] write(JobSlot slot, long now) {
    JobSnapshot job = slot.pendingJob();
    byte[] frame = slot.take(now, lineFrames);
    if (job.isFinished()) {
      if (singleJob) {
        ending = true;
      } else {
        slots.remove(slot.id); // no event follows a terminal one
      }
    }
    return frame;
  }

  private void wakeUpIn(long delayMillis) {
    long at = settings.clock().millis() + delayMillis;
    if (wakeUp != null && !wakeUp.isDone() && wakeUpAt <= at) {
      return;
    }
    if (wakeUp != null) {
      wakeUp.cancel(false);
    }
    wakeUpAt = at;
    try {
      wakeUp = settings.scheduler().schedule(() -> requestDrain(false), delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      LOG.debug("scheduler is shut down; delayed progress waits for the next event", e);
    }
  }
}
