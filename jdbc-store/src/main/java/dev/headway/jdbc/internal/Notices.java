package dev.headway.jdbc.internal;

import dev.headway.spi.ChangeNotice;
import dev.headway.spi.NoticeText;
import java.util.List;

/**
 * The payload of a PostgreSQL notification that carries change notices, in the form every Headway bus uses
 * ({@link NoticeText}): many jobs share one notification, up to {@link #MAX_PAYLOAD_BYTES}, well below PostgreSQL's
 * limit of 8,000 bytes.
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
    return NoticeText.encode(nodeId, notices, MAX_PAYLOAD_BYTES);
  }
}
