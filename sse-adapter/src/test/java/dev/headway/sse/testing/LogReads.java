package dev.headway.sse.testing;

import dev.headway.ProgressTracker;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

/** A tracker that counts the calls of {@link ProgressTracker#log} and forwards everything to a real one. */
public final class LogReads {
  public final AtomicInteger count = new AtomicInteger();
  /** The {@code afterSeq} of the latest call. */
  public volatile long lastAfter = -1;
  public final ProgressTracker tracker;

  public LogReads(ProgressTracker real) {
    this.tracker = (ProgressTracker) Proxy.newProxyInstance(LogReads.class.getClassLoader(),
        new Class<?>[] {ProgressTracker.class}, (proxy, method, args) -> {
          if (method.getName().equals("log")) {
            count.incrementAndGet();
            lastAfter = (Long) args[1];
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
