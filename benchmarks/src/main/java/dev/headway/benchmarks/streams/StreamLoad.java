package dev.headway.benchmarks.streams;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the stream load: for each stream count and each host, forks a {@link StreamLoadServer} (heap capped) and a
 * {@link StreamLoadClient}, lets the client open its streams and warm up, measures, and prints one Markdown table
 * row: the client's latency percentiles, frames per second and errors, the server's threads, heap after a full GC
 * and CPU over the measured window, the client's own CPU, and the load average at the end of the window.
 *
 * <p>Hosts run in turn at each stream count, so the baseline ({@code plain}: one thread per connection, no
 * Headway) and Headway's hosts are measured minutes apart on the same machine, in the same run.
 */
public final class StreamLoad {
  private static final String USAGE = """
      usage: java -cp benchmarks/target/benchmarks.jar dev.headway.benchmarks.streams.StreamLoad [options]
        --host LIST           hosts in order: plain (baseline), jdk, jetty                    [plain,jdk,jetty]
        --streams LIST        SSE connections per run                                         [1000,3000]
        --jobs N              running jobs                                                    [1000]
        --rate N              updates per second per job                                      [10]
        --workers N           server threads making the updates                               [2]
        --seconds N           measuring window per run                                        [20]
        --warmup-seconds N    after all streams are open, before measuring                    [5]
        --server-heap SIZE    the server's -Xmx                                               [512m]
        --client-launcher CMD run the client under this command, e.g. "chrt -r 1" (root)      [none]
        --client-pause-micros N the client's --pause-micros                                  [0]
        --log-dir DIR         the children's output, one file each                            [benchmarks/target/streamload]
      """;
  private static final String HEADER = """
      | host | streams | held | frames/s | p50 | p90 | p99 | max | errors | server threads (peak) | server heap after GC | server CPU | client CPU (selector) | selector waiting for CPU | load avg 1 min |
      | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |""";

  private StreamLoad() {}

  /**
   * Runs every (stream count, host) pair and prints the table.
   *
   * @param args see {@code --help}
   * @throws Exception if the log directory cannot be made
   */
  public static void main(String[] args) throws Exception {
    Args options = Args.parse(args, USAGE);
    List<String> hosts = List.of(options.text("--host", "plain,jdk,jetty").split(","));
    List<Integer> streamCounts = options.integers("--streams", "1000,3000");
    Path logs = Path.of(options.text("--log-dir", "benchmarks/target/streamload"));
    Files.createDirectories(logs);
    Run run = new Run(options.integer("--jobs", 1000, 1), options.integer("--rate", 10, 1),
        options.integer("--workers", 2, 1), options.integer("--seconds", 20, 1),
        options.integer("--warmup-seconds", 5, 0), options.text("--server-heap", "512m"),
        options.text("--client-launcher", ""), options.integer("--client-pause-micros", 0, 0), logs);
    System.out.printf(Locale.ROOT, "%d jobs x %d updates/s, %d s measured after %d s warm-up, server -Xmx%s, "
            + "client launcher '%s', client pause %d µs, load average at start %s, ulimit -n %s%n%n%s%n", run.jobs, run.rate, run.seconds,
        run.warmupSeconds, run.serverHeap, run.clientLauncher, run.clientPauseMicros, ProcessStats.loadAverage(), openFileLimit(), HEADER);
    for (int streams : streamCounts) {
      for (String host : hosts) {
        System.out.println(run.row(host, streams));
      }
    }
  }

  /** The settings every row shares. */
  private record Run(int jobs, int rate, int workers, int seconds, int warmupSeconds, String serverHeap,
      String clientLauncher, int clientPauseMicros, Path logs) {
    /**
     * The client must see frames when they arrive, as one on another machine would; with thousands of runnable
     * server threads on two cores, its one selector thread otherwise waits for a CPU most of the time.
     */
    List<String> clientCommand() {
      return clientLauncher.isBlank() ? List.of() : List.of(clientLauncher.trim().split("\\s+"));
    }

    String row(String host, int streams) throws InterruptedException {
      String name = host + "-" + streams;
      Path ids = logs.resolve(name + "-ids.txt");
      try (ChildJvm server = new ChildJvm(name + "-server", List.of(), List.of("-Xmx" + serverHeap), StreamLoadServer.class,
          List.of("--host", host, "--jobs", "" + jobs, "--rate", "" + rate, "--workers", "" + workers,
              "--ids-file", ids.toString()), logs.resolve(name + "-server.log"))) {
        String port = server.await("PORT", Duration.ofSeconds(60)).split(" ")[1];
        try (ChildJvm client = new ChildJvm(name + "-client", clientCommand(), List.of("-Xmx256m"), StreamLoadClient.class,
            List.of("--port", port, "--ids-file", ids.toString(), "--streams", "" + streams,
                "--warmup-seconds", "" + warmupSeconds, "--seconds", "" + seconds,
                "--pause-micros", "" + clientPauseMicros),
            logs.resolve(name + "-client.log"))) {
          client.await("MEASURING", Duration.ofSeconds(90L + warmupSeconds));
          server.send("mark");
          server.await("MARKED", Duration.ofSeconds(30));
          Map<String, String> result = fields(client.await("RESULT", Duration.ofSeconds(seconds + 60L)));
          String load = ProcessStats.loadAverage().split(" ")[0];
          server.send("report");
          Map<String, String> report = fields(server.await("REPORT", Duration.ofSeconds(60)));
          long errors = Long.parseLong(result.get("connectErrors")) + Long.parseLong(result.get("httpErrors"))
              + Long.parseLong(result.get("closedByServer"));
          return String.format(Locale.ROOT,
              "| %s | %,d | %,d | %,.0f | %s ms | %s ms | %s ms | %s ms | %d | %s (%s) | %.0f MB | %.2f | %.2f (%.2f) | %.0f %% | %s |",
              host, streams, Integer.parseInt(result.get("held")), Double.parseDouble(result.get("framesPerSec")),
              result.get("p50Ms"), result.get("p90Ms"), result.get("p99Ms"), result.get("maxMs"), errors,
              report.get("threads"), report.get("peakThreads"), Double.parseDouble(report.get("heapAfterGcMb")),
              Double.parseDouble(report.get("cores")), Double.parseDouble(result.get("cores")),
              Double.parseDouble(result.get("selectorCores")),
              100 * Double.parseDouble(result.get("selectorWaitShare")), load);
        }
      } catch (IOException | RuntimeException e) {
        return "| " + host + " | " + String.format(Locale.ROOT, "%,d", streams) + " | failed: " + e.getMessage()
            + " (see " + logs.resolve(name + "-*.log") + ") |";
      }
    }
  }

  /** Splits {@code TAG a=1 b=2} into its fields. */
  private static Map<String, String> fields(String line) {
    Map<String, String> map = new HashMap<>();
    for (String part : line.split(" ")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        map.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    return map;
  }

  /** The soft limit on open files of this process, which the children inherit. */
  private static String openFileLimit() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
        if (line.startsWith("Max open files")) {
          return line.substring("Max open files".length()).trim().split("\\s+")[0];
        }
      }
    } catch (IOException e) {
      // reported as unknown
    }
    return "?";
  }
}
