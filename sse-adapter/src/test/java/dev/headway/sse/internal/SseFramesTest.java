package dev.headway.sse.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headway.sse.testing.SseReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SseFramesTest {

  private static SseReader.Event roundTrip(String name, String id, String data) throws IOException {
    SseReader reader = new SseReader(new ByteArrayInputStream(
        SseFrames.event(name, id, data.getBytes(StandardCharsets.UTF_8))));
    SseReader.Event event = reader.next();
    assertThat(reader.next()).as("exactly one event").isNull();
    return event;
  }

  @Test
  void everyKindOfLineBreakStartsANewDataLine() throws IOException {
    byte[] frame = SseFrames.event("progress", "7", "a\rb\nc\r\nd".getBytes(StandardCharsets.UTF_8));
    assertThat(new String(frame, StandardCharsets.UTF_8))
        .isEqualTo("event: progress\nid: 7\ndata: a\ndata: b\ndata: c\ndata: d\n\n");
    // The standard joins data lines with LF: line breaks arrive, as LF.
    assertThat(roundTrip("progress", "7", "a\rb\nc\r\nd").data()).isEqualTo("a\nb\nc\nd");
  }

  @Test
  void dataCannotInjectFieldsOrEndTheEvent() throws IOException {
    String hostile = "x\n\nevent: evil\nid: 666\nretry: 1\r\n\r\n: comment\ndata: y";
    SseReader.Event event = roundTrip("progress", "7", hostile);
    assertThat(event.name()).isEqualTo("progress");
    assertThat(event.lastEventId()).isEqualTo("7");
    assertThat(event.data()).isEqualTo(hostile.replace("\r\n", "\n"));
  }

  @Test
  void colonsSpacesAndNonAsciiArriveIntact() throws IOException {
    String text = ": starts with a colon,  two spaces, ünïcödé, 日本語, 😀, trailing\n";
    assertThat(roundTrip("snapshot", "1", text).data()).isEqualTo(text);
    assertThat(roundTrip("snapshot", "1", " leading space").data()).isEqualTo(" leading space");
  }

  @Test
  void namesAndIdsMustBeOneLine() {
    byte[] data = {'x'};
    assertThatThrownBy(() -> SseFrames.event("a\nb", "1", data)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SseFrames.event("a", "1\r2", data)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SseFrames.event("a", "1\0", data)).hasMessageContaining("NUL");
  }

  @Test
  void retryAndHeartbeatAreNotDispatchedAsEvents() throws IOException {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    stream.writeBytes(SseFrames.retry(4321));
    stream.writeBytes(SseFrames.HEARTBEAT);
    stream.writeBytes(SseFrames.event("snapshot", "1", "{}".getBytes(StandardCharsets.UTF_8)));
    SseReader reader = new SseReader(new ByteArrayInputStream(stream.toByteArray()));
    assertThat(reader.next()).isEqualTo(new SseReader.Event("snapshot", "{}", "1"));
    assertThat(reader.retry()).isEqualTo(4321);
    assertThat(reader.comments()).isEqualTo(1);
  }
}
