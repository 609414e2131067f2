package dev.headway.sse.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * A file for the browser, {@code headway.js} or its TypeScript declarations, read once from the jar and served
 * with a content hash as its ETag.
 */
final class ClientFile {
  private static final String FOLDER = "/dev/headway/sse/";

  private final byte[] body;
  private final String etag;
  private final String contentType;

  /**
   * Reads a file of the jar.
   *
   * @param name the file's name, as served
   * @param contentType its media type
   */
  ClientFile(String name, String contentType) {
    String resource = FOLDER + name;
    try (InputStream in = ClientFile.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the headway-sse jar");
      }
      body = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
    CRC32 crc = new CRC32();
    crc.update(body);
    this.etag = "\"" + Long.toHexString(crc.getValue()) + "\"";
    this.contentType = contentType;
  }

  Response serve(String ifNoneMatch) {
    if (etag.equals(ifNoneMatch)) {
      return Response.notModified(etag);
    }
    return new Response(200, Map.of("Content-Type", contentType, "ETag", etag, "Cache-Control", "no-cache",
        "X-Content-Type-Options", "nosniff"), body);
  }
}
