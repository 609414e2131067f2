package dev.headway.jdbc.internal;

import dev.headway.spi.ChangeNotice;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The payload of a PostgreSQL notification that carries change notices: the writing node's id on the first line,
 * then one {@code id:version} line per job. Many jobs share one notification, up to {@link #MAX_PAYLOAD_BYTES},
 * well below PostgreSQL's limit of 8,000 bytes.
 */
public final class Notices {
  /** The most bytes one payload takes. */
  public static final int MAX_PAYLOAD_BYTES = 7_000;

  private Notices() {}

  /**
   * Encodes notices of one node into as few payloads as fit.
   *
   * @param nodeId the writing node
   * @param notices jobs and versions, each of that node
   * @return the payloads; empty when there are no notices
   */
  public static List<String> encode(String nodeId, List<ChangeNotice> notices) {
    List<String> payloads = new ArrayList<>();
    int headerBytes = utf8Length(nodeId);
    StringBuilder payload = null;
    int bytes = 0;
    for (ChangeNotice notice : notices) {
      String line = "\n" + notice.jobId() + ":" + notice.version();
      int lineBytes = utf8Length(line);
      if (payload != null && bytes + lineBytes > MAX_PAYLOAD_BYTES) {
        payloads.add(payload.toString());
        payload = null;
      }
      if (payload == null) {
        payload = new StringBuilder(nodeId);
        bytes = headerBytes;
      }
      payload.append(line);
      bytes += lineBytes;
    }
    if (payload != null) {
      payloads.add(payload.toString());
    }
    return payloads;
  }

  /**
   * Decodes a payload; a line that is not {@code id:version} is skipped.
   *
   * @param payload what {@link #encode} made
   * @return the notices
   */
  public static List<ChangeNotice> decode(String payload) {
    String[] lines = payload.split("\n");
    List<ChangeNotice> notices = new ArrayList<>(lines.length - 1);
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].lastIndexOf(':');
      if (colon <= 0) {
        continue;
      }
      try {
        notices.add(new ChangeNotice(lines[0], lines[i].substring(0, colon),
            Long.parseLong(lines[i].substring(colon + 1))));
      } catch (NumberFormatException e) {
        // Not ours: skip the line.
      }
    }
    return notices;
  }

  private static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
