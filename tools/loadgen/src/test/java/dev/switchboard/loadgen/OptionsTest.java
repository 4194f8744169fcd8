package dev.switchboard.loadgen;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionsTest {

  @Test
  @DisplayName("--delivery-rate sets the publish rate: divided by N for fanout, as is for rooms")
  void deliveryRate() {
    assertThat(Options.parse("--scenario", "fanout", "-n", "1000", "--delivery-rate", "10000").effectiveRate()).isEqualTo(10);
    assertThat(Options.parse("--scenario=rooms", "-n", "1000", "--delivery-rate", "10000").effectiveRate()).isEqualTo(10000);
    assertThat(Options.parse("--scenario", "storm").effectiveRate()).isEqualTo(500);
  }

  @Test
  @DisplayName("a bad value names the option, the value and what was expected")
  void badValues() {
    assertThatThrownBy(() -> Options.parse("--rate", "fast")).hasMessage("--rate = \"fast\" (expected a number)");
    assertThatThrownBy(() -> Options.parse("-n", "0")).hasMessage("-n = 0 (expected a number from 1 to 10000000)");
    assertThatThrownBy(() -> Options.parse("--transport", "xhr")).hasMessage("--transport = \"xhr\" (expected raw or sockjs)");
    assertThatThrownBy(() -> Options.parse("--scenario", "cross-node"))
        .hasMessageContaining("--scenario cross-node needs --publish-url");
    assertThatThrownBy(() -> Options.parse("--frobnicate", "1")).hasMessageContaining("unknown option --frobnicate");
  }
}
