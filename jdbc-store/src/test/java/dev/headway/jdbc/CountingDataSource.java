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
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Wraps a data source and records every statement execution its connections run: each {@code execute...} call of
 * a {@link Statement}, a JDBC batch counting once. For tests that bound how often a store talks to the database.
 */
final class CountingDataSource implements DataSource {
  private final DataSource delegate;
  private final List<String> executions = new ArrayList<>();

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

  private synchronized void record(String execution) {
    executions.add(execution);
  }

  @Override
  public Connection getConnection() throws SQLException {
    return counting(delegate.getConnection());
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return counting(delegate.getConnection(user, password));
  }

  private Connection counting(Connection connection) {
    return proxy(Connection.class, connection, (method, call) -> {
      Object result = call.proceed();
      return result instanceof Statement statement ? countingStatement(statement) : result;
    });
  }

  private Statement countingStatement(Statement statement) {
    Class<? extends Statement> type = statement instanceof CallableStatement ? CallableStatement.class
        : statement instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
    return proxy(type, statement, (method, call) -> {
      // Recorded before the call: a statement the database refuses was sent all the same.
      if (method.getName().startsWith("execute")) {
        record(method.getName());
      }
      return call.proceed();
    });
  }

  /** Wraps one call of a proxied JDBC object. */
  private interface Interceptor {
    Object intercept(Method method, Call call) throws Throwable;
  }

  /** The call to the real object. */
  private interface Call {
    Object proceed() throws Throwable;
  }

  private static <T> T proxy(Class<T> type, Object target, Interceptor interceptor) {
    InvocationHandler handler = (proxy, method, args) -> interceptor.intercept(method, () -> {
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
