package dev.headway.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NoticeTextTest {
  private static final int MAX = 32_000;

  @Test
  void aMessageIsTheNodeThenOneIdVersionLinePerJob() {
    List<String> texts = NoticeText.encode("node-1", List.of(new ChangeNotice("node-1", "a:b", 3),
        new ChangeNotice("node-1", "c", 12)), MAX);
    assertThat(texts).containsExactly("node-1\na:b:3\nc:12");
    assertThat(NoticeText.nodeOf(texts.get(0))).isEqualTo("node-1");
    assertThat(NoticeText.decode(texts.get(0))).containsExactly(new ChangeNotice("node-1", "a:b", 3),
        new ChangeNotice("node-1", "c", 12));
  }

  @Test
  void manyNoticesAreSplitIntoBoundedMessagesInOrder() {
    List<ChangeNotice> many = IntStream.range(0, 10_000)
        .mapToObj(i -> new ChangeNotice("n", "job-" + i, i)).toList();
    List<String> texts = NoticeText.encode("n", many, MAX);
    assertThat(texts).hasSizeGreaterThan(1);
    List<ChangeNotice> back = new ArrayList<>();
    for (String text : texts) {
      assertThat(text.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(MAX);
      back.addAll(NoticeText.decode(text));
    }
    assertThat(back).containsExactlyElementsOf(many);
    assertThat(NoticeText.encode("n", List.of(), MAX)).isEmpty();
  }

  @Test
  void linesThatAreNotIdVersionAreSkipped() {
    assertThat(NoticeText.decode("n\nnocolon\n:5\nx:notanumber\ny:7"))
        .containsExactly(new ChangeNotice("n", "y", 7));
    assertThat(NoticeText.decode("n")).isEmpty();
    assertThat(NoticeText.nodeOf("n")).isEqualTo("n");
  }
}
