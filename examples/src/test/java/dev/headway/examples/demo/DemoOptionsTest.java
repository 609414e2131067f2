package dev.headway.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DemoOptionsTest {
  @Test
  void defaultsAreAnH2FileUnderDataOnPort8080() {
    assertThat(DemoOptions.parse()).isEqualTo(new DemoOptions(8080, "jdbc:h2:file:./data/headway-demo", 1));
  }

  @Test
  void optionsArePassedThrough() {
    assertThat(DemoOptions.parse("--port", "9000", "--db", "jdbc:postgresql://db/app?user=x", "--speed", "2.5"))
        .isEqualTo(new DemoOptions(9000, "jdbc:postgresql://db/app?user=x", 2.5));
  }

  @Test
  void badOptionsSayHowToCallTheDemo() {
    assertThatThrownBy(() -> DemoOptions.parse("--colour", "red")).hasMessageContaining("Usage: ./demo");
    assertThatThrownBy(() -> DemoOptions.parse("--port")).hasMessageContaining("needs a value");
    assertThatThrownBy(() -> DemoOptions.parse("--speed", "fast")).hasMessageContaining("needs a number");
    assertThatThrownBy(() -> DemoOptions.parse("--speed", "0")).hasMessageContaining("positive");
    assertThatThrownBy(() -> DemoOptions.parse("--db", "postgres://x")).hasMessageContaining("JDBC URL");
  }
}
