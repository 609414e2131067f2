package dev.headway.redis;

import dev.headway.spi.ChangeNotice;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The text of a Redis message that carries change notices, the same as the PostgreSQL bus's payload: the writing
 * node's id on the first line, then one {@code id:version} line per job. Many jobs share one message, up to
 * {@link #MAX_MESSAGE_BYTES}.
 */
final class NoticeText {
  /** The most bytes one message takes, unless a single notice is longer. */
  static final int MAX_MESSAGE_BYTES = 32_000;

  private NoticeText() {}

  /**
   * Encodes notices of one node into as few messages as fit.
   *
   * @param nodeId the writing node
   * @param notices jobs and versions, each of that node
   * @return the messages; empty when there are no notices
   */
  static List<String> encode(String nodeId, List<ChangeNotice> notices) {
    List<String> messages = new ArrayList<>();
    int headerBytes = utf8Length(nodeId);
    StringBuilder message = null;
    int bytes = 0;
    for (ChangeNotice notice : notices) {
      String line = "\n" + notice.jobId() + ":" + notice.version();
      int lineBytes = utf8Length(line);
      if (message != null && bytes + lineBytes > MAX_MESSAGE_BYTES) {
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
  static String nodeOf(String message) {
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }

  /**
   * Decodes a message; a line that is not {@code id:version} is skipped.
   *
   * @param message what {@link #encode} made
   * @return the notices, in the message's order
   */
  static List<ChangeNotice> decode(String message) {
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
