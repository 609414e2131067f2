package dev.headway.benchmarks.streams;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

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
        --rate N              updates per second per job; 0 for idle streams                  [10]
        --workers N           server threads making the updates                               [2]
        --seconds N           measuring window per run                                        [20]
        --warmup-seconds N    after all streams are open, before measuring                    [5]
        --server-heap SIZE    the server's -Xmx                                               [512m]
        --client-launcher CMD run the client under this command, e.g. "chrt -r 1" (root)      [none]
        --client-pause-micros N the client's --pause-micros                                  [0]
        --clients N           client processes sharing the streams (one holds ~19,000 at most) [1]
        --log-dir DIR         the children's output, one file each                            [benchmarks/target/streamload]
      """;
  private static final String HEADER = """
      | host | streams | held | frames/s | p50 | p90 | p99 | max | errors | server threads / Headway's (peak) | server heap after GC + direct | per stream: heap + direct | server CPU | client CPU (selector) | selector waiting for CPU | load avg 1 min |
      | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |""";

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
    Run run = new Run(options.integer("--jobs", 1000, 1), options.integer("--rate", 10, 0),
        options.integer("--workers", 2, 1), options.integer("--seconds", 20, 1),
        options.integer("--warmup-seconds", 5, 0), options.text("--server-heap", "512m"),
        options.text("--client-launcher", ""), options.integer("--client-pause-micros", 0, 0),
        options.integer("--clients", 1, 1), logs);
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
      String clientLauncher, int clientPauseMicros, int clients, Path logs) {
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
      List<ChildJvm> clientJvms = new ArrayList<>();
      try (ChildJvm server = new ChildJvm(name + "-server", List.of(), List.of("-Xmx" + serverHeap), StreamLoadServer.class,
          List.of("--host", host, "--jobs", "" + jobs, "--rate", "" + rate, "--workers", "" + workers,
              "--ids-file", ids.toString()), logs.resolve(name + "-server.log"))) {
        String port = server.await("PORT", Duration.ofSeconds(60)).split(" ")[1];
        for (int c = 0; c < clients; c++) {
          int first = (int) ((long) streams * c / clients);
          int share = (int) ((long) streams * (c + 1) / clients) - first;
          clientJvms.add(new ChildJvm(name + "-client" + c, clientCommand(), List.of("-Xmx256m"),
              StreamLoadClient.class, List.of("--port", port, "--ids-file", ids.toString(), "--streams", "" + share,
                  "--first", "" + first, "--wait-for-go", "true", "--warmup-seconds", "" + warmupSeconds,
                  "--seconds", "" + seconds, "--pause-micros", "" + clientPauseMicros),
              logs.resolve(name + "-client" + c + ".log")));
        }
        for (ChildJvm client : clientJvms) {
          client.await("CONNECTED", Duration.ofSeconds(90));
        }
        for (ChildJvm client : clientJvms) {
          client.send("go");
        }
        for (ChildJvm client : clientJvms) {
          client.await("MEASURING", Duration.ofSeconds(30L + warmupSeconds));
        }
        server.send("mark");
        server.await("MARKED", Duration.ofSeconds(30));
        List<Map<String, String>> results = new ArrayList<>();
        for (ChildJvm client : clientJvms) {
          results.add(fields(client.await("RESULT", Duration.ofSeconds(seconds + 60L))));
        }
        String load = ProcessStats.loadAverage().split(" ")[0];
        server.send("report");
        Map<String, String> report = fields(server.await("REPORT", Duration.ofSeconds(60)));
        return format(host, streams, results, report, load);
      } catch (IOException | RuntimeException e) {
        return "| " + host + " | " + String.format(Locale.ROOT, "%,d", streams) + " | failed: " + e.getMessage()
            + " (see " + logs.resolve(name + "-*.log") + ") |";
      } finally {
        for (ChildJvm client : clientJvms) {
          client.close();
        }
      }
    }

    /** One table row: the clients' results added up, the server's report. */
    private static String format(String host, int streams, List<Map<String, String>> results,
        Map<String, String> report, String load) {
      Histogram latency = null;
      long held = 0;
      long errors = 0;
      double framesPerSec = 0;
      double clientCores = 0;
      double selectorCores = 0;
      double selectorWait = 0;
      for (Map<String, String> result : results) {
        Histogram h = Latencies.decode(result.get("histogram"));
        if (latency == null) {
          latency = h;
        } else {
          latency.add(h);
        }
        held += Long.parseLong(result.get("held"));
        errors += Long.parseLong(result.get("connectErrors")) + Long.parseLong(result.get("httpErrors"))
            + Long.parseLong(result.get("closedByServer"));
        framesPerSec += Double.parseDouble(result.get("framesPerSec"));
        clientCores += Double.parseDouble(result.get("cores"));
        selectorCores += Double.parseDouble(result.get("selectorCores"));
        selectorWait = Math.max(selectorWait, Double.parseDouble(result.get("selectorWaitShare")));
      }
      double heap = Double.parseDouble(report.get("heapAfterGcMb"));
      double direct = Double.parseDouble(report.get("directMb"));
      double heapPerStream = perStream(heap - Double.parseDouble(report.get("heapBaseMb")), held);
      double directPerStream = perStream(direct - Double.parseDouble(report.get("directBaseMb")), held);
      return String.format(Locale.ROOT,
          "| %s | %,d | %,d | %,.0f | %s ms | %s ms | %s ms | %s ms | %d | %s / %s (%s) | %.0f + %.0f MB "
              + "| %.1f + %.1f KB | %.2f "
              + "| %.2f (%.2f) | %.0f %% | %s |",
          host, streams, held, framesPerSec, millis(latency, 50), millis(latency, 90), millis(latency, 99),
          millis(latency, 100), errors, report.get("threads"), report.get("headwayThreads"),
          report.get("peakThreads"), heap, direct, heapPerStream, directPerStream,
          Double.parseDouble(report.get("cores")), clientCores,
          selectorCores, 100 * selectorWait, load);
    }

    private static double perStream(double megabytes, long streams) {
      return streams == 0 ? 0 : megabytes * 1024 / streams;
    }

    private static String millis(Histogram latency, double percentile) {
      return String.format(Locale.ROOT, "%.2f", latency.getValueAtPercentile(percentile) / 1000.0);
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
