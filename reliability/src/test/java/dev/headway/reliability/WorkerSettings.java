package dev.headway.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a worker JVM is told on its command line, as {@code name=value} arguments, so the test and the child agree
 * on one format.
 *
 * @param jdbcUrl the database, H2 file or PostgreSQL
 * @param tablePrefix the tables of this test run
 * @param nodeId the tracker's node id
 * @param heartbeatInterval the tracker's heartbeat interval
 * @param staleAfter the tracker's staleAfter
 * @param statusWriteTimeout the tracker's statusWriteTimeout
 * @param jobs how many jobs (churn: at most; hold: exactly)
 * @param mode what the worker does
 * @param seed the random seed of churn mode, printed by the test so a failing round can be replayed
 */
record WorkerSettings(String jdbcUrl, String tablePrefix, String nodeId, Duration heartbeatInterval,
    Duration staleAfter, Duration statusWriteTimeout, int jobs, WorkerMode mode, long seed) {

  /** The worker's behaviours. */
  enum WorkerMode {
    /** Random jobs (steps, exclusive keys, bulk parents with children) ended at random, until killed. */
    CHURN,
    /** Holds {@code jobs} running jobs with exclusive keys; stdin says when to move ({@code step}) and end them. */
    HOLD,
    /** Starts and completes jobs at a steady pace until stdin says {@code stop}. */
    STEADY
  }

  /**
   * Reads the arguments {@link #toArguments()} wrote.
   *
   * @param args {@code name=value} pairs
   * @return the settings
   */
  static WorkerSettings parse(String[] args) {
    Map<String, String> values = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("expected name=value, got " + arg);
      }
      values.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    return new WorkerSettings(
        required(values, "url"),
        required(values, "prefix"),
        required(values, "node"),
        Duration.ofMillis(Long.parseLong(required(values, "heartbeatMs"))),
        Duration.ofMillis(Long.parseLong(required(values, "staleMs"))),
        Duration.ofMillis(Long.parseLong(required(values, "statusTimeoutMs"))),
        Integer.parseInt(required(values, "jobs")),
        WorkerMode.valueOf(required(values, "mode")),
        Long.parseLong(required(values, "seed")));
  }

  private static String required(Map<String, String> values, String name) {
    String value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException("missing argument " + name + "=...");
    }
    return value;
  }

  /**
   * Writes the settings as the worker's arguments.
   *
   * @return {@code name=value} pairs
   */
  List<String> toArguments() {
    List<String> args = new ArrayList<>();
    args.add("url=" + jdbcUrl);
    args.add("prefix=" + tablePrefix);
    args.add("node=" + nodeId);
    args.add("heartbeatMs=" + heartbeatInterval.toMillis());
    args.add("staleMs=" + staleAfter.toMillis());
    args.add("statusTimeoutMs=" + statusWriteTimeout.toMillis());
    args.add("jobs=" + jobs);
    args.add("mode=" + mode.name());
    args.add("seed=" + seed);
    return args;
  }
}
