package dev.switchboard.bridge.protocol;

import dev.switchboard.shared.BusErrors;
import dev.switchboard.shared.events.EventTypes;
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

  /**
   * What a socket that resumed a room gets when its gap can no longer be filled (trimmed, or another epoch):
   * a {@code rec} whose body is {@code {"type": "sb.recovery", "room", "data": {"recovered": false, "offset", "epoch"}}}.
   */
  public static String recovery(String address, String room, long newestOffset, String epoch) {
    JsonObject body = new JsonObject().put("type", EventTypes.RECOVERY).put("room", room)
        .put("data", new JsonObject().put("recovered", false).put("offset", newestOffset).put("epoch", epoch));
    return rec(address, body);
  }

  /** A resumed room whose missed events could not be asked for (history unavailable): an err at the room's address. */
  public static String recoveryFailed(String address, Throwable failure) {
    return err(address, new Refusal(BusErrors.code(failure),
        "missed events could not be fetched: " + BusErrors.sentence(failure)));
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
