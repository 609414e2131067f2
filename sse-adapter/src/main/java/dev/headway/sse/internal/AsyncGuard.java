package dev.headway.sse.internal;

import jakarta.servlet.AsyncContext;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may still touch a response in async mode. A container recycles a response once its async cycle is over,
 * possibly for another request, so nothing may touch it afterwards: the endpoints' writes and the container's
 * "it is over" callbacks (error, timeout) take one lock, and whichever ends the response first marks it over for
 * the other.
 *
 * <p>Non-blocking writes hold the lock for microseconds. A container callback still waits only a bounded time, so
 * a container that holds a lock of its own while calling back can never deadlock with a writer.
 */
final class AsyncGuard {
  private static final Logger LOG = LoggerFactory.getLogger(AsyncGuard.class);
  private static final long CALLBACK_WAIT_MILLIS = 100;

  /** A call on the response. */
  @FunctionalInterface
  interface ResponseCall<T> {
    T run() throws IOException;
  }

  private final AsyncContext async;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile boolean over;

  AsyncGuard(AsyncContext async) {
    this.async = async;
  }

  /** Runs a call on the response unless it is over. */
  <T> T use(ResponseCall<T> call) throws IOException {
    lock.lock();
    try {
      if (over) {
        throw new IOException("the response is over");
      }
      return call.run();
    } finally {
      lock.unlock();
    }
  }

  /** Completes the response, from the endpoints' side. Idempotent. */
  void end() {
    lock.lock();
    try {
      complete();
    } finally {
      lock.unlock();
    }
  }

  /** The container reported an error or a timeout: complete now, on its thread, before it recycles anything. */
  void endFromContainer() {
    boolean locked = false;
    try {
      locked = lock.tryLock(CALLBACK_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      complete();
    } finally {
      if (locked) {
        lock.unlock();
      }
    }
  }

  private void complete() {
    if (over) {
      return;
    }
    over = true;
    try {
      async.complete();
    } catch (IllegalStateException e) {
      LOG.debug("response was already complete", e);
    }
  }
}
