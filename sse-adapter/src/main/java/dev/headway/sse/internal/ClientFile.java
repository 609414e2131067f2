package dev.headway.sse.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.zip.CRC32;

/** The browser client, {@code headway.js}, read once from the jar and served with a content hash as its ETag. */
final class ClientScript {
  private static final String RESOURCE = "/dev/headway/sse/headway.js";

  private final byte[] body;
  private final String etag;

  ClientScript() {
    try (InputStream in = ClientScript.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the headway-sse jar");
      }
      body = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    CRC32 crc = new CRC32();
    crc.update(body);
    etag = "\"" + Long.toHexString(crc.getValue()) + "\"";
  }

  Response serve(String ifNoneMatch) {
    if (etag.equals(ifNoneMatch)) {
      return Response.notModified(etag);
    }
    return new Response(200,
        Map.of("Content-Type", "text/javascript; charset=utf-8", "ETag", etag, "Cache-Control", "no-cache"), body);
  }
}
