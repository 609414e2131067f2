package dev.headway.benchmarks;

import dev.headway.jdbc.testing.InterceptingDataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * A data source that counts what its connections send to the database: every statement execution (a JDBC batch
 * counts once), and for UPDATE statements the rows written, both as sent and as the database reports them updated,
 * the batches, the largest batch, the time spent in them, and the writes per row id for the ids it is told to
 * {@linkplain #watch(Set) watch}.
 *
 * <p>A row's id is recognised when a watched string is bound as a parameter of an UPDATE: that is how both the
 * Headway store and the write-through baseline name the row they write.
 */
final class StatementCounter extends InterceptingDataSource {
  private final AtomicLong statements = new AtomicLong();
  private final AtomicLong updateStatements = new AtomicLong();
  private final AtomicLong updateBatches = new AtomicLong();
  private final AtomicLong rowsSent = new AtomicLong();
  private final AtomicLong rowsUpdated = new AtomicLong();
  private final AtomicLong maxBatchRows = new AtomicLong();
  private final AtomicLong updateNanos = new AtomicLong();
  private final AtomicLong rowsRead = new AtomicLong();
  private volatile Set<String> watched = Set.of();
  private final Map<String, AtomicInteger> writesById = new ConcurrentHashMap<>();

  /** What was sent since the last {@link #reset()}. */
  record Counts(long statements, long updateStatements, long updateBatches, long rowsSent, long rowsUpdated,
      long maxBatchRows, long updateNanos, int maxWritesPerId, long rowsRead) {
    /** The statements that were not UPDATEs: for the store, its SELECTs. */
    long queries() {
      return statements - updateStatements;
    }
  }

  StatementCounter(DataSource delegate) {
    super(delegate);
  }

  /** Counts writes per id for these ids from now on (and forgets the counts of earlier ones). */
  void watch(Set<String> ids) {
    writesById.clear();
    watched = Set.copyOf(ids);
  }

  void reset() {
    statements.set(0);
    updateStatements.set(0);
    updateBatches.set(0);
    rowsSent.set(0);
    rowsUpdated.set(0);
    maxBatchRows.set(0);
    updateNanos.set(0);
    rowsRead.set(0);
    writesById.values().forEach(count -> count.set(0));
  }

  Counts counts() {
    int maxPerId = writesById.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
    return new Counts(statements.get(), updateStatements.get(), updateBatches.get(), rowsSent.get(),
        rowsUpdated.get(), maxBatchRows.get(), updateNanos.get(), maxPerId, rowsRead.get());
  }

  /** Counts one statement's executions. A statement is used by one thread at a time, so its own state is plain. */
  @Override
  protected Interceptor intercept(String preparedSql) {
    boolean preparedUpdate = isUpdate(preparedSql);
    List<String> batchedIds = new ArrayList<>();
    int[] batchedRows = new int[1];
    String[] boundId = new String[1];
    return (method, args, call) -> {
      String name = method.getName();
      if (name.equals("getResultSet")) {
        return counted(call.proceed());
      }
      if (!name.startsWith("execute")) {
        if (preparedUpdate) {
          if (name.startsWith("set") && args != null && args.length >= 2 && args[1] instanceof String value
              && watched.contains(value)) {
            boundId[0] = value;
          } else if (name.equals("addBatch")) {
            batchedRows[0]++;
            batchedIds.add(boundId[0]);
            boundId[0] = null;
          } else if (name.equals("clearBatch")) {
            batchedRows[0] = 0;
            batchedIds.clear();
          }
        }
        return call.proceed();
      }
      statements.incrementAndGet();
      boolean update = preparedUpdate || args != null && args.length > 0 && args[0] instanceof String sql
          && isUpdate(sql);
      if (!update) {
        return counted(call.proceed());
      }
      updateStatements.incrementAndGet();
      boolean batch = name.contains("Batch");
      long started = System.nanoTime();
      Object result = call.proceed();
      updateNanos.addAndGet(System.nanoTime() - started);
      if (batch) {
        updateBatches.incrementAndGet();
        rowsSent.addAndGet(batchedRows[0]);
        maxBatchRows.accumulateAndGet(batchedRows[0], Math::max);
        rowsUpdated.addAndGet(updated(result, batchedRows[0]));
        batchedIds.forEach(this::wrote);
        batchedIds.clear();
        batchedRows[0] = 0;
      } else {
        rowsSent.incrementAndGet();
        rowsUpdated.addAndGet(result instanceof Number count ? count.longValue() : 1);
        wrote(boundId[0]);
        boundId[0] = null;
      }
      return result;
    };
  }

  /** Wraps a result set so that each row its {@code next()} moves to counts as read. */
  private Object counted(Object result) {
    if (!(result instanceof ResultSet rows)) {
      return result;
    }
    return Proxy.newProxyInstance(ResultSet.class.getClassLoader(), new Class<?>[] {ResultSet.class},
        (proxy, method, args) -> {
          try {
            Object value = method.invoke(rows, args);
            if (method.getName().equals("next") && Boolean.TRUE.equals(value)) {
              rowsRead.incrementAndGet();
            }
            return value;
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  /** The rows a batch updated, as the driver reports them; a row it reports without a count counts as written. */
  private static long updated(Object result, int rows) {
    long sum = 0;
    if (result instanceof int[] counts) {
      for (int count : counts) {
        sum += count == Statement.SUCCESS_NO_INFO ? 1 : Math.max(count, 0);
      }
    } else if (result instanceof long[] counts) {
      for (long count : counts) {
        sum += count == Statement.SUCCESS_NO_INFO ? 1 : Math.max(count, 0);
      }
    } else {
      sum = rows;
    }
    return sum;
  }

  private void wrote(String id) {
    if (id != null) {
      writesById.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
    }
  }
}
