package dev.headway.redis;

import static org.junit.jupiter.api.Assertions.fail;

import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Redis server named by {@code HEADWAY_TEST_REDIS_URL}, for one test class registered with
 * {@code @RegisterExtension static final}; each test takes a channel of its own, so runs against one server never
 * meet.
 *
 * <p>Without the variable, the class is skipped with the reason, unless the environment variable {@code CI} is set:
 * then it fails, so a CI run cannot pass without having tested the Redis bus.
 */
final class TestRedis implements ExecutionCondition, BeforeAllCallback, AfterAllCallback {
  static final String VARIABLE = "HEADWAY_TEST_REDIS_URL";
  private static final String HOW = "set " + VARIABLE + " to a Redis URI, for example redis://127.0.0.1:6379";

  private String url;
  private RedisClient admin;
  private StatefulRedisConnection<String, String> adminConnection;

  private static String namedUrl() {
    String url = System.getenv(VARIABLE);
    return url == null || url.isBlank() ? null : url;
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (namedUrl() == null && System.getenv("CI") == null) {
      return ConditionEvaluationResult.disabled("Redis tests skipped: " + HOW);
    }
    return ConditionEvaluationResult.enabled("a Redis server is available");
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    url = namedUrl();
    if (url == null) {
      fail(VARIABLE + " is required when CI is set: " + HOW);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (adminConnection != null) {
      adminConnection.close();
    }
    if (admin != null) {
      admin.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  /** The server's URI. */
  String url() {
    return url;
  }

  /** A channel no other test uses. */
  String newChannel() {
    return "headway-test-" + UUID.randomUUID();
  }

  /** A connection of the test's own, beside the buses'. */
  synchronized RedisCommands<String, String> admin() {
    if (admin == null) {
      admin = RedisClient.create(url);
      adminConnection = admin.connect();
    }
    return adminConnection.sync();
  }

  /**
   * Kills the subscribing connection of a node's bus from the server's side, as a network failure or a restart
   * would, and returns how many connections were killed.
   */
  long killSubscriber(String nodeId) {
    long killed = 0;
    for (String line : admin().clientList().split("\n")) {
      if (line.contains(" name=headway-bus-" + nodeId + " ")) {
        long id = Long.parseLong(line.substring(line.indexOf("id=") + 3, line.indexOf(' ')));
        killed += admin().clientKill(KillArgs.Builder.typePubsub().id(id));
      }
    }
    return killed;
  }

  /** Waits for a condition, failing after the timeout; it polls every 2 ms, never sleeping for a fixed time. */
  static void awaitTrue(BooleanSupplier condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout + ": " + what);
      }
      LockSupport.parkNanos(2_000_000); // polls gently: the machine's cores are shared
    }
  }
}
