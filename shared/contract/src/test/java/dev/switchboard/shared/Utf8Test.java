package dev.switchboard.shared;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8Test {

  @Test
  @DisplayName("UTF-8 length without encoding: 1 to 4 bytes a character, an unpaired surrogate as its 3-byte replacement")
  void length() {
    assertThat(Utf8.length("aé€😀")).isEqualTo(1 + 2 + 3 + 4);
    assertThat(Utf8.length("")).isZero();
    assertThat(Utf8.length("x\uD800y")).isEqualTo(1 + 3 + 1);
    assertThat(Utf8.length("€😀")).isEqualTo("€😀".getBytes(StandardCharsets.UTF_8).length);
  }
}
