package dev.headway.jdbc.testing;

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
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source whose statements a test (or a load tool) can watch: every statement its connections create is
 * wrapped, and each call on it goes through the {@link Interceptor} that {@link #intercept(String)} returns for it.
 * The plumbing counting and fault-injecting data sources share.
 */
public abstract class InterceptingDataSource implements DataSource {
  /** Wraps one call on a statement. */
  @FunctionalInterface
  public interface Interceptor {
    /**
     * Handles one call.
     *
     * @param method the statement's method
     * @param args its arguments, or null
     * @param call the call to the real statement
     * @return what the call returns
     * @throws Throwable what the call throws
     */
    Object intercept(Method method, Object[] args, Call call) throws Throwable;
  }

  /** The call to the real object. */
  @FunctionalInterface
  public interface Call {
    /**
     * Makes the call.
     *
     * @return its result
     * @throws Throwable what it throws
     */
    Object proceed() throws Throwable;
  }

  private final DataSource delegate;

  /**
   * Wraps a data source.
   *
   * @param delegate the real data source
   */
  protected InterceptingDataSource(DataSource delegate) {
    this.delegate = delegate;
  }

  /**
   * Returns the interceptor for a new statement; it may keep the statement's own state (one thread uses a statement
   * at a time).
   *
   * @param sql the SQL the statement was prepared with, or null for a plain statement
   * @return the interceptor
   */
  protected abstract Interceptor intercept(String sql);

  /**
   * Called before each connection is handed out; a fault-injecting subclass throws here.
   *
   * @throws SQLException to refuse the connection
   */
  protected void beforeConnect() throws SQLException {}

  @Override
  public Connection getConnection() throws SQLException {
    beforeConnect();
    return wrap(delegate.getConnection());
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    beforeConnect();
    return wrap(delegate.getConnection(user, password));
  }

  private Connection wrap(Connection connection) {
    return proxy(Connection.class, connection, (method, args, call) -> {
      Object result = call.proceed();
      if (!(result instanceof Statement statement)) {
        return result;
      }
      String sql = args != null && args.length > 0 && args[0] instanceof String s ? s : null;
      Class<? extends Statement> type = statement instanceof CallableStatement ? CallableStatement.class
          : statement instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
      return proxy(type, statement, intercept(sql));
    });
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

  /**
   * Returns whether SQL is an UPDATE statement.
   *
   * @param sql the SQL, or null
   * @return true for an UPDATE
   */
  protected static boolean isUpdate(String sql) {
    return sql != null && sql.stripLeading().regionMatches(true, 0, "UPDATE", 0, 6);
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
