package dev.headway.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** A plain LISTEN connection on the store's channel that counts the notifications the database delivers. */
final class NotificationCounter implements AutoCloseable {
  private final Connection connection;
  private final AtomicLong count = new AtomicLong();
  private final Thread thread;
  private volatile boolean stopped;

  NotificationCounter(String url, String channel) throws SQLException {
    connection = DriverManager.getConnection(url);
    try (Statement statement = connection.createStatement()) {
      statement.execute("LISTEN " + channel);
    }
    PGConnection pg = connection.unwrap(PGConnection.class);
    thread = new Thread(() -> {
      try {
        while (!stopped) {
          PGNotification[] received = pg.getNotifications(200);
          if (received != null) {
            count.addAndGet(received.length);
          }
        }
      } catch (SQLException e) {
        if (!stopped) {
          throw new IllegalStateException("the counting listener failed", e);
        }
      }
    }, "load-notify-counter");
    thread.setDaemon(true);
    thread.start();
  }

  void reset() {
    count.set(0);
  }

  long count() {
    return count.get();
  }

  @Override
  public void close() throws SQLException {
    stopped = true;
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    connection.close();
  }
}
