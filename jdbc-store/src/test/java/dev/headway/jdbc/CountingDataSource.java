package dev.headway.jdbc;

import dev.headway.jdbc.testing.InterceptingDataSource;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;


/**
 * Wraps a data source and records every statement execution its connections run: each {@code execute...} call of
 * a {@link Statement}, a JDBC batch counting once; it also counts the UPDATE statements the database runs (each row
 * of a batch counts). For tests that bound how often a store talks to the database.
 *
 * <p>It can also go "down": while down, getting a connection and executing on an open one throw, as they do in an
 * outage. The outage is simulated because a test cannot take a real database away and bring it back reliably.
 */
final class CountingDataSource extends InterceptingDataSource {
  private final List<String> executions = new ArrayList<>();
  private final AtomicInteger updates = new AtomicInteger();
  private final AtomicBoolean down = new AtomicBoolean();

  CountingDataSource(DataSource delegate) {
    super(delegate);
  }

  /** The executions so far, as the method name ({@code executeBatch}, {@code executeQuery}, ...). */
  synchronized List<String> executions() {
    return List.copyOf(executions);
  }

  synchronized void reset() {
    executions.clear();
  }

  /** The UPDATE statements run so far; each row of a batch counts. */
  int updates() {
    return updates.get();
  }

  void goDown() {
    down.set(true);
  }

  void comeBack() {
    down.set(false);
  }

  @Override
  protected void beforeConnect() throws SQLException {
    if (down.get()) {
      throw new SQLTransientConnectionException("database unreachable (simulated outage)");
    }
  }

  private synchronized void record(String execution) {
    executions.add(execution);
  }

  @Override
  protected Interceptor intercept(String sql) {
    boolean update = isUpdate(sql);
    int[] batched = new int[1];
    return (method, args, call) -> {
      String name = method.getName();
      if (name.startsWith("execute")) {
        beforeConnect();
        // Recorded before the call: a statement the database refuses was sent all the same.
        record(name);
        if (update) {
          updates.addAndGet(name.contains("Batch") ? batched[0] : 1);
          batched[0] = 0;
        }
      } else if (update && name.equals("addBatch")) {
        batched[0]++;
      }
      return call.proceed();
    };
  }
}
