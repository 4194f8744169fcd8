package dev.switchboard.bridge.socket;

import io.vertx.core.json.JsonObject;

/** Outbound bridge frames, encoded as JSON text. */
public final class Frames {

  private Frames() {
  }

  /** {@code {"type":"rec","address":A,"body":<envelope>}} around an already encoded envelope: built once per node. */
  public static String rec(String address, String encodedBody) {
    StringBuilder text = new StringBuilder(encodedBody.length() + address.length() + 40);
    text.append("{\"type\":\"rec\",\"address\":");
    quote(text, address);
    return text.append(",\"body\":").append(encodedBody).append('}').toString();
  }

  public static String rec(String address, Object body) {
    return new JsonObject().put("type", "rec").put("address", address).put("body", body).encode();
  }

  /** An err frame; {@code address} null for a frame that has none (unparseable, no usable address). */
  public static String err(String address, Refusal refusal) {
    JsonObject frame = new JsonObject().put("type", "err");
    if (address != null) {
      frame.put("address", address);
    }
    return frame.put("failureCode", refusal.code()).put("failureType", refusal.failureType())
        .put("message", refusal.message()).encode();
  }

  private static void quote(StringBuilder text, String value) {
    text.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        text.append('\\').append(c);
      } else if (c < 0x20) {
        text.append(String.format("\\u%04x", (int) c));
      } else {
        text.append(c);
      }
    }
    text.append('"');
  }
}
