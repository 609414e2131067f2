package dev.headway.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on one PostgreSQL channel through one dedicated connection, on a thread of its own.
 *
 * <p>It waits for notifications with pgjdbc's {@code getNotifications(timeout)}, checks the connection with
 * {@code SELECT 1} every {@code checkEvery} (a connection that died quietly would otherwise just stay silent), and
 * on any failure closes it and connects again, waiting 100 ms, then twice as long after each failure in a row, up
 * to {@code maxBackoff}. Each time it is listening again it calls {@code onListening}, so its owner can re-read
 * what it may have missed while no connection listened (the first time too: nothing listened before).
 */
public final class NotificationListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NotificationListener.class);
  private static final int WAIT_MILLIS = 250;
  private static final long FIRST_BACKOFF_MILLIS = 100;

  private final Opener connections;
  private final String channel;
  private final String applicationName;
  private final Duration checkEvery;
  private final Duration maxBackoff;
  private final Consumer<String> onPayload;
  private final Runnable onListening;
  private final Thread thread;
  private volatile boolean closed;
  private volatile Connection current;

  /**
   * Prepares a listener; {@link #start()} starts it.
   *
   * @param connections opens the dedicated connection; each call must give a new one
   * @param channel the channel, a lower-case identifier
   * @param applicationName what {@code pg_stat_activity} shows for the connection
   * @param checkEvery how often the connection is checked
   * @param maxBackoff the longest wait between attempts to reconnect
   * @param onPayload takes each notification's payload
   * @param onListening runs each time the listener starts listening
   */
  public NotificationListener(Opener connections, String channel, String applicationName, Duration checkEvery,
      Duration maxBackoff, Consumer<String> onPayload, Runnable onListening) {
    this.connections = connections;
    this.channel = channel;
    this.applicationName = applicationName;
    this.checkEvery = checkEvery;
    this.maxBackoff = maxBackoff;
    this.onPayload = onPayload;
    this.onListening = onListening;
    this.thread = new Thread(this::run, "headway-listen-" + channel);
    this.thread.setDaemon(true);
  }

  /** Opens a connection of the listener's own. */
  @FunctionalInterface
  public interface Opener {
    /**
     * Opens a new connection.
     *
     * @return the connection, which the listener closes
     * @throws SQLException if the database cannot be reached
     */
    Connection open() throws SQLException;
  }

  /** Starts the listening thread. */
  public void start() {
    thread.start();
  }

  private void run() {
    long backoff = FIRST_BACKOFF_MILLIS;
    while (!closed) {
      try (Connection connection = connections.open()) {
        listen(connection);
        current = connection;
        backoff = FIRST_BACKOFF_MILLIS;
        guarded("re-read after (re)connecting", onListening);
        receive(connection);
      } catch (SQLException | RuntimeException e) {
        if (closed) {
          return;
        }
        LOG.warn("listening on channel {} failed; connecting again in {} ms", channel, backoff, e);
        if (!pause(backoff)) {
          return;
        }
        backoff = Math.min(backoff * 2, maxBackoff.toMillis());
      } finally {
        current = null;
      }
    }
  }

  private void listen(Connection connection) throws SQLException {
    connection.setAutoCommit(true);
    try (Statement statement = connection.createStatement()) {
      statement.execute("SELECT set_config('application_name', '" + applicationName.replace("'", "''")
          + "', false)");
      statement.execute("LISTEN " + channel);
    }
  }

  private void receive(Connection connection) throws SQLException {
    PGConnection pg = connection.unwrap(PGConnection.class);
    long nextCheck = System.nanoTime() + checkEvery.toNanos();
    while (!closed) {
      PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
      if (notifications != null) {
        for (PGNotification notification : notifications) {
          String payload = notification.getParameter();
          guarded("handle a notification", () -> onPayload.accept(payload));
        }
      }
      if (System.nanoTime() - nextCheck >= 0) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("SELECT 1");
        }
        nextCheck = System.nanoTime() + checkEvery.toNanos();
      }
    }
  }

  private void guarded(String what, Runnable work) {
    try {
      work.run();
    } catch (RuntimeException e) {
      LOG.warn("could not {} on channel {}", what, channel, e);
    }
  }

  private boolean pause(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Returns whether a connection is listening now.
   *
   * @return true while connected
   */
  public boolean connected() {
    return current != null;
  }

  /** Stops listening: the thread ends within a wait of {@value #WAIT_MILLIS} ms, and its connection is closed. */
  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(WAIT_MILLIS * 4L);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
