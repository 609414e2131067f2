package dev.headway.spi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Change notices as text, for a {@link ClusterBus} that carries strings (a PostgreSQL notification, a Redis message):
 * the writing node's id on the first line, then one {@code id:version} line per job. Many jobs share one text, up to
 * a size the transport allows. Every Headway bus uses this form, so their messages read alike.
 */
public final class NoticeText {
  private NoticeText() {}

  /**
   * Encodes notices of one node into as few texts as fit.
   *
   * @param nodeId the writing node
   * @param notices jobs and versions, each of that node
   * @param maxBytes the most UTF-8 bytes one text takes, unless a single notice is longer
   * @return the texts; empty when there are no notices
   */
  public static List<String> encode(String nodeId, List<ChangeNotice> notices, int maxBytes) {
    List<String> messages = new ArrayList<>();
    int headerBytes = utf8Length(nodeId);
    StringBuilder message = null;
    int bytes = 0;
    for (ChangeNotice notice : notices) {
      String line = "\n" + notice.jobId() + ":" + notice.version();
      int lineBytes = utf8Length(line);
      if (message != null && bytes + lineBytes > maxBytes) {
        messages.add(message.toString());
        message = null;
      }
      if (message == null) {
        message = new StringBuilder(nodeId);
        bytes = headerBytes;
      }
      message.append(line);
      bytes += lineBytes;
    }
    if (message != null) {
      messages.add(message.toString());
    }
    return messages;
  }

  /**
   * Returns the node that wrote a message.
   *
   * @param message what {@link #encode} made
   * @return its first line
   */
  public static String nodeOf(String message) {
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }

  /**
   * Decodes a message; a line that is not {@code id:version} is skipped.
   *
   * @param message what {@link #encode} made
   * @return the notices, in the message's order
   */
  public static List<ChangeNotice> decode(String message) {
    String[] lines = message.split("\n");
    List<ChangeNotice> notices = new ArrayList<>(Math.max(0, lines.length - 1));
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
