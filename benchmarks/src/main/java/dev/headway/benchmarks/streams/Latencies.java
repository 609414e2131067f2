package dev.headway.benchmarks.streams;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/** A latency histogram as one line of text, so several client processes' latencies add up to one histogram. */
final class Latencies {
  private Latencies() {}

  /**
   * Encodes a histogram.
   *
   * @param histogram the histogram
   * @return its compressed form in Base64, without spaces
   */
  static String encode(Histogram histogram) {
    ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
    int length = histogram.encodeIntoCompressedByteBuffer(buffer);
    return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
  }

  /**
   * Decodes a histogram that {@link #encode} made.
   *
   * @param text the Base64 text
   * @return the histogram
   */
  static Histogram decode(String text) {
    try {
      return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(text)), 0);
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("not an encoded histogram", e);
    }
  }
}
