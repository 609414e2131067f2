package dev.headway.benchmarks.streams;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The client side of the stream load, in a process of its own: one NIO selector thread holds {@code --streams}
 * SSE connections to {@code GET /headway/jobs/{id}/events}, spread round-robin over the jobs in {@code --ids-file},
 * and measures each event's delivery latency as receive time minus its id (the job's version: the server's clock
 * in microseconds since the epoch when the state was drawn; both processes read the same clock).
 *
 * <p>It opens the connections (at most {@code --parallel} waiting for a response at once), waits until all are
 * open, warms up, then measures for {@code --seconds} and prints one {@code RESULT} line: latency percentiles,
 * frames per second, errors, connections held, its own CPU and how long its selector thread waited for a CPU
 * (the share of the window it was runnable but not running), to show it is not the bottleneck. The
 * {@code snapshot} event a stream opens with is not counted: it shows a change made before the stream existed.
 */
public final class StreamLoadClient implements SseConnection.FrameSink {
  private static final String USAGE = """
      usage: java -cp benchmarks/target/benchmarks.jar dev.headway.benchmarks.streams.StreamLoadClient
        --port N              the server's port on 127.0.0.1                              [required]
        --ids-file PATH       the job ids, one a line (the server writes it)              [required]
        --streams N           connections to hold                                         [1000]
        --parallel N          connections waiting for their response head at once          [256]
        --connect-seconds N   give up opening the rest after this long                    [60]
        --warmup-seconds N    after all are open, before measuring                        [5]
        --seconds N           measuring window                                            [20]
        --pause-micros N      sleep after each round of reads, so each wakes with more to read [0]
        --first N             the index of the first stream, so several clients spread over the jobs [0]
        --wait-for-go BOOL    after connecting, warm up only once standard input says "go"  [false]
      """;
  /** Latencies up to an hour, three significant digits. */
  private static final long MAX_MICROS = TimeUnit.HOURS.toMicros(1);
  private static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

  private enum Phase { CONNECTING, READY, WARMUP, MEASURING }

  private final InetSocketAddress server;
  private final List<String> ids;
  private final int streams;
  private final int parallel;
  private final long connectNanos;
  private final long warmupNanos;
  private final long measureNanos;
  private final long pauseNanos;
  private final int first;
  private volatile boolean go;

  private final Histogram latency = new Histogram(MAX_MICROS, 3);
  private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
  private final ProcessStats stats = new ProcessStats();
  private final ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();
  private final long epochMicrosAtStart;
  private final long nanosAtStart = System.nanoTime();

  private Phase phase = Phase.CONNECTING;
  private long nowMicros;
  private int opened;
  private int waiting;
  private int held;
  private long frames;
  private long snapshots;
  private long clockBehind;
  private long connectErrors;
  private long httpErrors;
  private long closedByServer;
  private int lastBadStatus;

  private StreamLoadClient(Args options) throws IOException {
    int port = options.integer("--port", 0, 1);
    String idsFile = options.text("--ids-file", null);
    if (port == 0 || idsFile == null) {
      throw new IllegalArgumentException("--port and --ids-file are required\n" + USAGE);
    }
    server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    ids = Files.readAllLines(Path.of(idsFile), StandardCharsets.UTF_8);
    streams = options.integer("--streams", 1000, 1);
    parallel = options.integer("--parallel", 256, 1);
    connectNanos = TimeUnit.SECONDS.toNanos(options.integer("--connect-seconds", 60, 1));
    warmupNanos = TimeUnit.SECONDS.toNanos(options.integer("--warmup-seconds", 5, 0));
    measureNanos = TimeUnit.SECONDS.toNanos(options.integer("--seconds", 20, 1));
    pauseNanos = TimeUnit.MICROSECONDS.toNanos(options.integer("--pause-micros", 0, 0));
    first = options.integer("--first", 0, 0);
    if (Boolean.parseBoolean(options.text("--wait-for-go", "false"))) {
      Thread reader = new Thread(this::awaitGo, "go-reader");
      reader.setDaemon(true);
      reader.start();
    } else {
      go = true;
    }
    Instant now = Instant.now();
    epochMicrosAtStart = TimeUnit.SECONDS.toMicros(now.getEpochSecond()) + now.getNano() / 1000;
  }

  /**
   * Runs the client until its measuring window ends.
   *
   * @param args see {@code --help}
   * @throws IOException if the selector cannot be opened
   */
  public static void main(String[] args) throws IOException {
    new StreamLoadClient(Args.parse(args, USAGE)).run();
  }

  private void run() throws IOException {
    try (Selector selector = Selector.open()) {
      long phaseStart = System.nanoTime();
      long nextProgress = phaseStart + PROGRESS_EVERY_NANOS;
      long selectorCpuAtMark = 0;
      long selectorWaitAtMark = 0;
      while (true) {
        while (waiting < parallel && opened < streams) {
          open(selector, first + opened++);
        }
        selector.select(50);
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          handle(key);
        }
        if (pauseNanos > 0) {
          // Fewer, fuller reads: less client CPU for up to this much more latency, where the client shares the CPUs.
          LockSupport.parkNanos(pauseNanos);
        }
        long now = System.nanoTime();
        if (phase == Phase.CONNECTING && ((opened == streams && waiting == 0) || now - phaseStart > connectNanos)) {
          System.out.printf(Locale.ROOT, "CONNECTED held=%d waiting=%d errors=%d in %.1f s%n", held, waiting,
              errors(), (now - phaseStart) / 1e9);
          phase = Phase.READY;
        } else if (phase == Phase.READY && go) {
          phase = Phase.WARMUP;
          phaseStart = now;
        } else if (phase == Phase.WARMUP && now - phaseStart >= warmupNanos) {
          latency.reset();
          frames = 0;
          stats.mark();
          selectorCpuAtMark = threadBean.getCurrentThreadCpuTime();
          selectorWaitAtMark = ProcessStats.runQueueWaitNanos();
          phase = Phase.MEASURING;
          phaseStart = now;
          System.out.println("MEASURING");
        } else if (phase == Phase.MEASURING && now - phaseStart >= measureNanos) {
          printResult(now - phaseStart, threadBean.getCurrentThreadCpuTime() - selectorCpuAtMark,
              ProcessStats.runQueueWaitNanos() - selectorWaitAtMark);
          for (SelectionKey key : selector.keys()) {
            key.channel().close();
          }
          return;
        }
        if (now >= nextProgress) {
          nextProgress = now + PROGRESS_EVERY_NANOS;
          System.out.printf(Locale.ROOT, "client phase=%s held=%d waiting=%d frames=%d errors=%d%n", phase, held,
              waiting, frames, errors());
        }
      }
    }
  }

  private void open(Selector selector, int index) {
    String request = "GET " + StreamHost.MOUNT + "/jobs/" + ids.get(index % ids.size()) + "/events HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\nAccept: text/event-stream\r\nX-User: " + StreamLoadServer.PRINCIPAL + "\r\n\r\n";
    try {
      SocketChannel channel = SocketChannel.open();
      channel.configureBlocking(false);
      SseConnection connection = new SseConnection(channel,
          ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
      waiting++;
      if (channel.connect(server)) {
        channel.register(selector, SelectionKey.OP_WRITE | SelectionKey.OP_READ, connection);
      } else {
        channel.register(selector, SelectionKey.OP_CONNECT, connection);
      }
    } catch (IOException e) {
      connectErrors++;
    }
  }

  private void handle(SelectionKey key) {
    SseConnection connection = (SseConnection) key.attachment();
    try {
      if (key.isConnectable()) {
        if (!connection.channel.finishConnect()) {
          return;
        }
        key.interestOps(SelectionKey.OP_WRITE | SelectionKey.OP_READ);
        return;
      }
      if (key.isWritable()) {
        connection.channel.write(connection.request);
        if (!connection.request.hasRemaining()) {
          connection.request = null;
          key.interestOps(SelectionKey.OP_READ);
        }
      }
      if (key.isReadable()) {
        read(key, connection);
      }
    } catch (IOException e) {
      if (!connection.streaming() && connection.status() == 0) {
        connectErrors++;
      } else {
        closedByServer++;
      }
      close(key, connection);
    }
  }

  private void read(SelectionKey key, SseConnection connection) throws IOException {
    buffer.clear();
    int n = connection.channel.read(buffer);
    if (n < 0) {
      closedByServer++;
      close(key, connection);
      return;
    }
    buffer.flip();
    boolean wasStreaming = connection.streaming();
    nowMicros = epochMicrosAtStart + (System.nanoTime() - nanosAtStart) / 1000;
    SseConnection.Outcome outcome = connection.parse(buffer, this);
    if (!wasStreaming && connection.streaming()) {
      waiting--;
      held++;
    }
    if (outcome == SseConnection.Outcome.NOT_OK) {
      httpErrors++;
      lastBadStatus = connection.status();
      close(key, connection);
    } else if (outcome == SseConnection.Outcome.ENDED) {
      closedByServer++;
      close(key, connection);
    }
  }

  private void close(SelectionKey key, SseConnection connection) {
    if (connection.streaming()) {
      held--;
    } else {
      waiting--;
    }
    key.cancel();
    try {
      connection.channel.close();
    } catch (IOException e) {
      // already broken
    }
  }

  @Override
  public void frame(long id, boolean snapshot) {
    if (snapshot) {
      snapshots++;
      return;
    }
    long micros = nowMicros - id;
    if (micros < 0) {
      clockBehind++; // received "before" it was made: the two clock readings disagree; counted as 0
      micros = 0;
    }
    if (phase == Phase.MEASURING) {
      latency.recordValue(Math.min(micros, MAX_MICROS));
    }
    frames++;
  }

  private long errors() {
    return connectErrors + httpErrors + closedByServer;
  }

  private void printResult(long windowNanos, long selectorCpuNanos, long selectorWaitNanos) {
    double seconds = windowNanos / 1e9;
    System.out.printf(Locale.ROOT, "RESULT streams=%d held=%d frames=%d framesPerSec=%.0f p50Ms=%.2f p90Ms=%.2f "
            + "p99Ms=%.2f maxMs=%.2f connectErrors=%d httpErrors=%d lastBadStatus=%d closedByServer=%d "
            + "snapshots=%d clockBehind=%d cores=%.3f selectorCores=%.3f selectorWaitShare=%.3f heapUsedMb=%.0f "
            + "histogram=%s%n",
        streams, held, frames, frames / seconds, millis(50), millis(90), millis(99), latency.getMaxValue() / 1000.0,
        connectErrors, httpErrors, lastBadStatus, closedByServer, snapshots, clockBehind, stats.cores(),
        selectorCpuNanos / (double) windowNanos, selectorWaitNanos / (double) windowNanos, ProcessStats.heapUsedMb(),
        Latencies.encode(latency));
  }

  /** Waits for "go" on standard input, so several clients measure the same window. */
  private void awaitGo() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.trim().equals("go")) {
          go = true;
          return;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private double millis(double percentile) {
    return latency.getValueAtPercentile(percentile) / 1000.0;
  }
}
