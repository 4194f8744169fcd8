package dev.switchboard.bridge.socket;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bridge.outboundQueue} and {@code bridge.outboundQueueBytes}: what a socket may write while behind. */
class OutboundBacklogTest {

  @Test
  @DisplayName("past the bytes bound a socket is over, whatever its frame count")
  void bytes() {
    OutboundBacklog backlog = new OutboundBacklog(1000, 4 * 65_536);
    for (int i = 0; i < 4; i++) {
      assertThat(backlog.add(65_536)).isTrue();
    }
    assertThat(backlog.add(1)).isFalse();
  }

  @Test
  @DisplayName("past the frame bound a socket is over, however small its frames")
  void frames() {
    OutboundBacklog backlog = new OutboundBacklog(3, 1 << 20);
    assertThat(backlog.isEmpty()).isTrue();
    assertThat(backlog.add(10) && backlog.add(10) && backlog.add(10)).isTrue();
    assertThat(backlog.isEmpty()).isFalse();
    assertThat(backlog.add(10)).isFalse();
  }

  @Test
  @DisplayName("a drain starts the count again")
  void drain() {
    OutboundBacklog backlog = new OutboundBacklog(2, 100);
    assertThat(backlog.add(100)).isTrue();
    backlog.drained();
    assertThat(backlog.isEmpty()).isTrue();
    assertThat(backlog.add(100)).isTrue();
    assertThat(backlog.add(1)).isFalse();
  }
}
