package dev.headway.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Wraps a real DataSource to count the UPDATE statements the database executes (a batch of n counts n) and to
 * fail on demand. The failure is simulated because a test cannot take a real database away and bring it back
 * reliably; while "down", getting a connection and executing on an open one both throw, as they do in an outage.
 */
final class InstrumentedDataSource implements DataSource {
  private final DataSource delegate;
  final AtomicInteger updates = new AtomicInteger();
  final AtomicInteger updateBatches = new AtomicInteger();
  private final AtomicBoolean down = new AtomicBoolean();

  InstrumentedDataSource(DataSource delegate) {
    this.delegate = delegate;
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

  @Override
  public Connection getConnection() throws SQLException {
    checkUp();
    return wrap(delegate.getConnection());
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    checkUp();
    return wrap(delegate.getConnection(user, password));
  }

  private Connection wrap(Connection real) {
    return proxy(Connection.class, real, (method, args) -> {
      Object result = invoke(real, method, args);
      if (result instanceof PreparedStatement ps && args != null && args.length > 0 && args[0] instanceof String sql) {
        return wrapStatement(ps, sql);
      }
      return result;
    });
  }

  private PreparedStatement wrapStatement(PreparedStatement real, String sql) {
    boolean update = sql.stripLeading().toUpperCase(Locale.ROOT).startsWith("UPDATE");
    int[] batched = new int[1];
    return proxy(PreparedStatement.class, real, (method, args) -> {
      String name = method.getName();
      if (name.startsWith("execute")) {
        checkUp();
      }
      Object result = invoke(real, method, args);
      if (update) {
        switch (name) {
          case "addBatch" -> batched[0]++;
          case "executeBatch", "executeLargeBatch" -> {
            updates.addAndGet(batched[0]);
            updateBatches.incrementAndGet();
            batched[0] = 0;
          }
          case "executeUpdate", "execute", "executeLargeUpdate" -> updates.incrementAndGet();
          default -> { }
        }
      }
      return result;
    });
  }

  private interface Handler {
    Object handle(java.lang.reflect.Method method, Object[] args) throws Throwable;
  }

  private static <T> T proxy(Class<T> type, T real, Handler handler) {
    InvocationHandler h = (p, method, args) -> handler.handle(method, args);
    return type.cast(Proxy.newProxyInstance(InstrumentedDataSource.class.getClassLoader(), new Class<?>[] {type}, h));
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
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
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
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
