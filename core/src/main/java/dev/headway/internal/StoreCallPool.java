package dev.headway.internal;

import dev.headway.HeadwayException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A small pool for the store calls a caller waits for with a deadline (a job's insert, the history its ETA starts
 * from), so a store that hangs holds the pool's threads, never the caller beyond its deadline. Bounded: two threads
 * and a queue of a thousand calls.
 */
final class StoreCallPool implements AutoCloseable {
  private static final int THREADS = 2;
  private static final int QUEUE = 1000;

  private final ThreadPoolExecutor pool;

  StoreCallPool(String nodeId) {
    pool = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
        new DaemonThreads("headway-store-" + nodeId + "-"));
    pool.allowCoreThreadTimeOut(true);
  }

  /**
   * Queues a call.
   *
   * @throws HeadwayException when a thousand calls are already waiting for the store
   */
  <T> Future<T> submit(String what, Callable<T> call) {
    try {
      return pool.submit(call);
    } catch (RejectedExecutionException e) {
      throw new HeadwayException("could not " + what + ": " + QUEUE + " other calls are waiting for the store", e);
    }
  }

  @Override
  public void close() {
    pool.shutdown();
  }
}
