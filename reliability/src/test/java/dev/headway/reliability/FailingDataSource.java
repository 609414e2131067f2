package dev.headway.reliability;

import dev.headway.jdbc.testing.InterceptingDataSource;
import java.sql.SQLTransientException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * A data source whose next write (INSERT, UPDATE, DELETE, MERGE) of one chosen job fails: the write whose bound
 * parameters mention the job's id. This fault is simulated: a real database cannot be made to refuse exactly one
 * chosen statement and accept the next, which is the case under test. Writes of other jobs, such as a flush racing
 * the call, go through.
 */
final class FailingDataSource extends InterceptingDataSource {
  private final AtomicReference<String> target = new AtomicReference<>();
  private final AtomicInteger failed = new AtomicInteger();

  FailingDataSource(DataSource delegate) {
    super(delegate);
  }

  /**
   * Makes the next write of a job fail, once.
   *
   * @param jobId the job
   */
  void failNextWriteOf(String jobId) {
    target.set(jobId);
  }

  /** How many writes were made to fail so far. */
  int failed() {
    return failed.get();
  }

  @Override
  protected Interceptor intercept(String sql) {
    boolean write = isWrite(sql);
    // One thread uses a statement at a time: whether its parameters so far name the target.
    boolean[] mentionsTarget = new boolean[1];
    return (method, args, call) -> {
      String name = method.getName();
      if (write && name.startsWith("set") && args != null && args.length >= 2 && args[1] instanceof String value) {
        String id = target.get();
        mentionsTarget[0] |= id != null && value.contains(id);
      } else if (write && name.startsWith("execute")) {
        boolean fail = mentionsTarget[0] && target.getAndSet(null) != null;
        mentionsTarget[0] = false;
        if (fail) {
          failed.incrementAndGet();
          throw new SQLTransientException("simulated write failure");
        }
      }
      return call.proceed();
    };
  }

  private static boolean isWrite(String sql) {
    if (sql == null) {
      return false;
    }
    String verb = sql.stripLeading().split("\\s", 2)[0].toUpperCase(Locale.ROOT);
    return verb.equals("INSERT") || verb.equals("UPDATE") || verb.equals("DELETE") || verb.equals("MERGE");
  }
}
