package dev.headway.benchmarks.streams;

import dev.headway.JobSnapshot;
import dev.headway.internal.Versions;
import dev.headway.json.JobJson;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The baseline: the plainest SSE server there is, with no Headway in the path. Raw sockets, one platform thread
 * per connection, which waits on its job's monitor and writes each new version as a chunked HTTP/1.1 SSE frame.
 * A frame has the same shape and cost as Headway's: a {@link JobSnapshot} of a job like the load's, serialized
 * with {@link JobJson} once per stream per frame, its id the version drawn with Headway's own {@link Versions}.
 *
 * <p>It stays the same whatever Headway's fan-out becomes, so it tells what this machine does at a given load
 * in the same run: the floor to hold Headway's figures against. Threads grow with streams, by design.
 */
final class PlainSseServer implements StreamHost {
  /** Each connection's thread only waits and writes; a small stack keeps 10,000 of them cheap. */
  private static final long STACK_BYTES = 256 * 1024;
  /** As Headway's default, so idle streams look alike on the wire. */
  private static final long HEARTBEAT_MILLIS = 15_000;
  private static final byte[] HEAD = ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
      + "Cache-Control: no-cache, no-transform\r\nTransfer-Encoding: chunked\r\n\r\n")
      .getBytes(StandardCharsets.US_ASCII);
  private static final String ID_PREFIX = "plain-";

  /** One job's latest version and progress; connections wait on it. */
  private static final class PlainJob {
    long version;
    long done;
  }

  private final PlainJob[] jobs;
  private final JobSnapshot template;
  private final ServerSocket listener;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();

  /**
   * Starts the server on a free port.
   *
   * @param jobs how many jobs; their ids are {@link #jobId(int)}
   * @param template the snapshot each frame carries, with its version and progress replaced
   * @param backlog the accept queue, so thousands of connections opened at once are not refused
   */
  PlainSseServer(int jobs, JobSnapshot template, int backlog) {
    this.jobs = new PlainJob[jobs];
    for (int i = 0; i < jobs; i++) {
      this.jobs[i] = new PlainJob();
      update(i);
    }
    this.template = template;
    try {
      listener = new ServerSocket(0, backlog, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor = new Thread(this::accept, "plain-acceptor");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * Returns the id of job {@code i}, as a client asks for it.
   *
   * @param i the job's number
   * @return its id
   */
  static String jobId(int i) {
    return ID_PREFIX + i;
  }

  /**
   * Makes one update of job {@code i}: one unit more, a new version, and every stream on it woken.
   *
   * @param i the job's number
   */
  void update(int i) {
    PlainJob job = jobs[i];
    synchronized (job) {
      job.version = Versions.next(job.version, Instant.now());
      job.done++;
      job.notifyAll();
    }
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket socket = listener.accept();
        open.add(socket);
        Thread connection = new Thread(null, () -> serve(socket), "plain-stream", STACK_BYTES);
        connection.setDaemon(true);
        connection.start();
      } catch (IOException e) {
        if (!listener.isClosed()) {
          System.err.println("plain accept: " + e);
        }
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setTcpNoDelay(true);
      int index = jobIndex(readRequestPath(new BufferedInputStream(socket.getInputStream())));
      OutputStream out = socket.getOutputStream();
      if (index < 0) {
        out.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return;
      }
      out.write(HEAD);
      stream(jobs[index], out);
    } catch (IOException | InterruptedException e) {
      // The client went away or the server stops: this connection's thread ends.
    } finally {
      open.remove(socket);
    }
  }

  /** Writes the current version as a snapshot, then every new version as progress, until the connection breaks. */
  private void stream(PlainJob job, OutputStream out) throws IOException, InterruptedException {
    String event = "snapshot";
    long sent = 0;
    while (true) {
      long version;
      long done;
      synchronized (job) {
        long deadline = System.currentTimeMillis() + HEARTBEAT_MILLIS;
        while (job.version == sent && System.currentTimeMillis() < deadline) {
          job.wait(Math.max(1, deadline - System.currentTimeMillis()));
        }
        version = job.version;
        done = job.done;
      }
      if (version == sent) {
        writeChunk(out, ": heartbeat\n\n".getBytes(StandardCharsets.US_ASCII));
        continue;
      }
      byte[] data = JobJson.writeBytes(template.toBuilder().version(version).done(done).build());
      byte[] head = ("event: " + event + "\nid: " + version + "\ndata: ").getBytes(StandardCharsets.US_ASCII);
      byte[] frame = new byte[head.length + data.length + 2];
      System.arraycopy(head, 0, frame, 0, head.length);
      System.arraycopy(data, 0, frame, head.length, data.length);
      frame[frame.length - 2] = '\n';
      frame[frame.length - 1] = '\n';
      writeChunk(out, frame);
      sent = version;
      event = "progress";
    }
  }

  /** Writes one chunk in one system call, as a server that buffers its response would. */
  private static void writeChunk(OutputStream out, byte[] chunk) throws IOException {
    byte[] size = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] whole = new byte[size.length + chunk.length + 2];
    System.arraycopy(size, 0, whole, 0, size.length);
    System.arraycopy(chunk, 0, whole, size.length, chunk.length);
    whole[whole.length - 2] = '\r';
    whole[whole.length - 1] = '\n';
    out.write(whole);
  }

  /** Reads the request head and returns the path of its request line. */
  private static String readRequestPath(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      head.append((char) c);
      if (head.length() >= 4 && head.lastIndexOf("\r\n\r\n") == head.length() - 4) {
        break;
      }
      if (head.length() > 16_384) {
        throw new IOException("request head too long");
      }
    }
    String[] requestLine = head.toString().split("\r\n", 2)[0].split(" ");
    return requestLine.length >= 2 ? requestLine[1] : "";
  }

  /** Returns the number of the job in {@code /headway/jobs/plain-<n>/events}, or -1. */
  private int jobIndex(String path) {
    String prefix = MOUNT + "/jobs/" + ID_PREFIX;
    String suffix = "/events";
    if (!path.startsWith(prefix) || !path.endsWith(suffix)) {
      return -1;
    }
    try {
      int i = Integer.parseInt(path.substring(prefix.length(), path.length() - suffix.length()));
      return i >= 0 && i < jobs.length ? i : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public int port() {
    return listener.getLocalPort();
  }

  @Override
  public int openStreams() {
    return open.size();
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException e) {
      // closing at the end of a run
    }
    for (Socket socket : open) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing at the end of a run
      }
    }
  }
}
