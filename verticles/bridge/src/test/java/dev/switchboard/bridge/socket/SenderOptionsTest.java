package dev.switchboard.bridge.socket;

import dev.switchboard.shared.Headers;
import dev.switchboard.shared.LocalJsonCodec;
import io.vertx.core.eventbus.DeliveryOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a socket's messages to the bus carry: its user and a timeout, whichever options it takes. */
class SenderOptionsTest {

  @Test
  @DisplayName("every kind of options carries the socket's user and the request timeout")
  void user() {
    SenderOptions sender = new SenderOptions("alice");
    for (DeliveryOptions options : new DeliveryOptions[] {sender.anywhere(), sender.localJson(), sender.localOther()}) {
      assertThat(options.getHeaders().get(Headers.USER)).isEqualTo("alice");
      assertThat(options.getSendTimeout()).isEqualTo(SenderOptions.REQUEST_TIMEOUT_MS);
    }
  }

  @Test
  @DisplayName("a JSON object to a service of this node stays on the node and is handed over as it is")
  void localJson() {
    DeliveryOptions options = new SenderOptions("alice").localJson();
    assertThat(options.isLocalOnly()).isTrue();
    assertThat(options.getCodecName()).isEqualTo(LocalJsonCodec.NAME);
    assertThat(new SenderOptions("alice").localOther().isLocalOnly()).isTrue();
    assertThat(new SenderOptions("alice").anywhere().isLocalOnly()).isFalse();
  }

  @Test
  @DisplayName("an anonymous socket's messages carry no user header")
  void anonymous() {
    SenderOptions sender = new SenderOptions(null);
    assertThat(sender.anywhere().getHeaders()).isNull();
    assertThat(sender.localJson().getHeaders()).isNull();
  }

  @Test
  @DisplayName("made once, on first use: the same options for every later message")
  void madeOnce() {
    SenderOptions sender = new SenderOptions("alice");
    assertThat(sender.anywhere()).isSameAs(sender.anywhere());
    assertThat(sender.localJson()).isSameAs(sender.localJson());
    assertThat(sender.localOther()).isNotSameAs(sender.anywhere());
  }
}
