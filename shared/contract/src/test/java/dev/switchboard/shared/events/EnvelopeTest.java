package dev.switchboard.shared.events;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EnvelopeTest {

  @Test
  @DisplayName("the envelope text is the JSON of docs/architecture.md, fields in order, ts in UTC with milliseconds")
  void text() {
    String text = Envelope.text("id-1", "project:42", "project.updated", "{\"n\":1}", 1_700_000_000_120L, "node-a", null);
    assertThat(text).isEqualTo("{\"id\":\"id-1\",\"room\":\"project:42\",\"type\":\"project.updated\",\"data\":{\"n\":1},"
        + "\"ts\":\"2023-11-14T22:13:20.120Z\",\"source\":\"node-a\"}");
  }

  @Test
  @DisplayName("a correlation id is added when given; strings are escaped as JSON")
  void correlationAndEscaping() {
    JsonObject json = new JsonObject(Envelope.text("i", "global", "t\"x", "null", 0, "n", "c-1"));
    assertThat(json.getString("type")).isEqualTo("t\"x");
    assertThat(json.getString("correlationId")).isEqualTo("c-1");
    assertThat(json.getValue("data")).isNull();
    assertThat(json.getString("ts")).isEqualTo("1970-01-01T00:00:00.000Z");
  }

  @Test
  @DisplayName("withOffset adds offset and epoch at the end and keeps everything else")
  void withOffset() {
    String text = Envelope.text("i", "global", "t", "{}", 0, "n", null);
    JsonObject json = new JsonObject(Envelope.withOffset(text, 17, "k3j9"));
    assertThat(json.getLong("offset")).isEqualTo(17);
    assertThat(json.getString("epoch")).isEqualTo("k3j9");
    assertThat(json.fieldNames())
        .containsExactly("id", "room", "type", "data", "ts", "source", "offset", "epoch");
  }
}
