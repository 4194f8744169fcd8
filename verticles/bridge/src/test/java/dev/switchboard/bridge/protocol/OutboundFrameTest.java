package dev.switchboard.bridge.protocol;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class OutboundFrameTest {

  @Test
  @DisplayName("the SockJS frame a[\"…\"] parses back to the very text, for quotes, backslashes, every control"
      + " character, non-ASCII and surrogate pairs (10,000 random texts)")
  void sockJsTextRoundTrips() {
    Random random = new Random(42);
    String alphabet = "\"\\/{}[]:,aé€\u2028\u2029\u007f\u0080";
    for (int n = 0; n < 10_000; n++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(40);
      for (int i = 0; i < length; i++) {
        switch (random.nextInt(4)) {
          case 0 -> text.append((char) random.nextInt(0x20));
          case 1 -> text.append(alphabet.charAt(random.nextInt(alphabet.length())));
          case 2 -> text.appendCodePoint(0x1F600 + random.nextInt(50));
          default -> text.append((char) (0x20 + random.nextInt(0x5f)));
        }
      }
      String json = text.toString();
      String frame = OutboundFrame.sockJsText(json);
      assertThat(frame).startsWith("a[").endsWith("]");
      assertThat(new JsonArray(frame.substring(1)).getString(0)).as("round trip of %s", Json.encode(json)).isEqualTo(json);
    }
  }

  @Test
  @DisplayName("the wire form is one unmasked final text frame around the SockJS bytes, for every length class")
  void wire() {
    for (int length : new int[] {10, 125, 126, 65_535, 65_536}) {
      OutboundFrame frame = new OutboundFrame("{\"x\":\"" + "y".repeat(length) + "\"}");
      byte[] payload = frame.sockJs();
      byte[] wire = frame.wire(true);
      int header = wire.length - payload.length;
      assertThat(header).isEqualTo(payload.length < 126 ? 2 : payload.length <= 0xFFFF ? 4 : 10);
      assertThat(wire[0]).isEqualTo((byte) 0x81);
      assertThat(new String(wire, header, payload.length, StandardCharsets.UTF_8))
          .isEqualTo(OutboundFrame.sockJsText(frame.json()));
    }
  }
}
