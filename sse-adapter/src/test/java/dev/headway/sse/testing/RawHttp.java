package dev.headway.sse.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, with nothing between the test and the bytes: the status line, the headers as sent,
 * and the body with only the chunked framing removed.
 */
public final class RawHttp implements AutoCloseable {
  public final Socket socket;
  public final int status;
  /** Header names in lower case. */
  public final Map<String, String> headers = new LinkedHashMap<>();
  public final InputStream body;

  private RawHttp(Socket socket, String method, URI uri, Map<String, String> requestHeaders) throws IOException {
    this.socket = socket;
    socket.setSoTimeout(10_000);
    socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
    StringBuilder request = new StringBuilder()
        .append(method).append(' ').append(uri.getRawPath())
        .append(uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "").append(" HTTP/1.1\r\n")
        .append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
    requestHeaders.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
    request.append("\r\n");
    OutputStream out = socket.getOutputStream();
    out.write(request.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
    InputStream in = new BufferedInputStream(socket.getInputStream());
    String statusLine = line(in);
    this.status = Integer.parseInt(statusLine.split(" ")[1]);
    for (String h = line(in); !h.isEmpty(); h = line(in)) {
      int colon = h.indexOf(':');
      headers.merge(h.substring(0, colon).strip().toLowerCase(Locale.ROOT), h.substring(colon + 1).strip(),
          (a, b) -> a + ", " + b);
    }
    this.body = "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? new Chunked(in) : in;
  }

  /** Sends a GET and reads the response head. */
  public static RawHttp get(URI uri, Map<String, String> headers) throws IOException {
    return new RawHttp(new Socket(), "GET", uri, headers);
  }

  /** Sends a GET on a socket the test configured (for example with a tiny receive buffer). */
  public static RawHttp get(Socket socket, URI uri, Map<String, String> headers) throws IOException {
    return new RawHttp(socket, "GET", uri, headers);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new EOFException("connection closed in the response head");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  /** Removes chunked framing; the stream ends at the last chunk. */
  private static final class Chunked extends InputStream {
    private final InputStream in;
    private long left;
    private boolean done;
    private boolean inChunk;

    Chunked(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      if (left == 0) {
        if (inChunk) {
          // A chunk's closing CRLF is read only when the next chunk is wanted: a server may send it together with
          // the next chunk's size (Jetty does), and waiting for it would hold back the data already here.
          line(in);
        }
        String size = line(in);
        int semi = size.indexOf(';');
        left = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).strip(), 16);
        inChunk = true;
        if (left == 0) {
          line(in); // the empty line after the last chunk
          done = true;
          return -1;
        }
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n < 0) {
        throw new EOFException("connection closed inside a chunk");
      }
      left -= n;
      return n;
    }
  }
}
