package dev.headway.sse.internal;

import dev.headway.JobEvent;
import dev.headway.JobListener;
import dev.headway.Subscription;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code GET /jobs/{id}?after=v&waitMs=ms} that waits: answered with the job as soon as its version is no longer
 * {@code v}, or with {@code 304} when the wait ends. Holds no thread while it waits; answers exactly once, on the
 * settings' executor.
 */
final class LongPoll implements JobListener {
  private static final Logger LOG = LoggerFactory.getLogger(LongPoll.class);

  private final Settings settings;
  private final Exchange exchange;
  private final long after;
  private final Consumer<LongPoll> onDone;
  private final AtomicBoolean answered = new AtomicBoolean();
  private volatile Subscription subscription;
  private volatile ScheduledFuture<?> timeout;

  /**
   * Creates a long-poll that waits for nothing until {@link #waitOn}.
   *
   * @param settings scheduler and executor
   * @param exchange the request to answer
   * @param after the version the client has
   * @param onDone told when the long-poll is answered or abandoned, to give back its slot; may be told twice
   */
  LongPoll(Settings settings, Exchange exchange, long after, Consumer<LongPoll> onDone) {
    this.settings = settings;
    this.exchange = exchange;
    this.after = after;
    this.onDone = onDone;
  }

  /** Starts waiting on a subscription that is already in place. */
  void waitOn(Subscription s, long waitMillis) {
    subscription = s;
    try {
      timeout = settings.scheduler().schedule(
          () -> answer(Response.notModified(ETags.of(after))), waitMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      answer(Response.notModified(ETags.of(after)));
    }
    if (answered.get()) {
      cleanUp(); // answered while the subscription and timer were being set up
    }
  }

  @Override
  public void onEvent(JobEvent event) {
    if (event.job().version() != after) {
      answer(Response.snapshot(200, event.job()));
    }
  }

  /** Answers unless already answered; the client is told on the executor, never on the tracker's thread. */
  void answer(Response response) {
    if (!answered.compareAndSet(false, true)) {
      return;
    }
    cleanUp();
    try {
      settings.executor().execute(() -> exchange.respond(response));
    } catch (RejectedExecutionException e) {
      LOG.debug("executor is shut down; answering the long-poll here", e);
      exchange.respond(response);
    }
  }

  /** The client went away: stop waiting without answering. */
  void abandon() {
    if (answered.compareAndSet(false, true)) {
      cleanUp();
    }
  }

  private void cleanUp() {
    onDone.accept(this);
    Subscription s = subscription;
    if (s != null) {
      s.close();
    }
    ScheduledFuture<?> t = timeout;
    if (t != null) {
      t.cancel(false);
    }
  }
}
