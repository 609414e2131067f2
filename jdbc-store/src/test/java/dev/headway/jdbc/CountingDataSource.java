package dev.headway.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Wraps a data source and records every statement execution its connections run: each {@code execute...} call of
 * a {@link Statement}, a JDBC batch counting once; it also counts the UPDATE statements the database runs (each row
 * of a batch counts). For tests that bound how often a store talks to the database.
 *
 * <p>It can also go "down": while down, getting a connection and executing on an open one throw, as they do in an
 * outage. The outage is simulated because a test cannot take a real database away and bring it back reliably.
 */
final class CountingDataSource implements DataSource {
  private final DataSource delegate;
  private final List<String> executions = new ArrayList<>();
  private final AtomicInteger updates = new AtomicInteger();
  private final AtomicBoolean down = new AtomicBoolean();

  CountingDataSource(DataSource delegate) {
    this.delegate = delegate;
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

  private void checkUp() throws SQLException {
    if (down.get()) {
      throw new SQLTransientConnectionException("database unreachable (simulated outage)");
    }
  }

  private synchronized void record(String execution) {
    executions.add(execution);
  }

  @Override
  public Connection getConnection() throws SQLException {
    checkUp();
    return counting(delegate.getConnection());
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    checkUp();
    return counting(delegate.getConnection(user, password));
  }

  private Connection counting(Connection connection) {
    return proxy(Connection.class, connection, (method, args, call) -> {
      Object result = call.proceed();
      if (!(result instanceof Statement statement)) {
        return result;
      }
      boolean update = args != null && args.length > 0 && args[0] instanceof String sql
          && sql.stripLeading().regionMatches(true, 0, "UPDATE", 0, 6);
      return countingStatement(statement, update);
    });
  }

  private Statement countingStatement(Statement statement, boolean update) {
    Class<? extends Statement> type = statement instanceof CallableStatement ? CallableStatement.class
        : statement instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
    int[] batched = new int[1];
    return proxy(type, statement, (method, args, call) -> {
      String name = method.getName();
      if (name.startsWith("execute")) {
        checkUp();
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
    });
  }

  /** Wraps one call of a proxied JDBC object. */
  private interface Interceptor {
    Object intercept(Method method, Object[] args, Call call) throws Throwable;
  }

  /** The call to the real object. */
  private interface Call {
    Object proceed() throws Throwable;
  }

  private static <T> T proxy(Class<T> type, Object target, Interceptor interceptor) {
    InvocationHandler handler = (proxy, method, args) -> interceptor.intercept(method, args, () -> {
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    });
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() {
    return Logger.getLogger(Logger.GLOBAL_LOGGER_NAME);
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return delegate.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return delegate.isWrapperFor(iface);
  }
}
