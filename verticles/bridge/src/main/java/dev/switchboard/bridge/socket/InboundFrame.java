package dev.switchboard.bridge.socket;

import dev.switchboard.bridge.protocol.Refusal;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * A client frame whose field types have been checked before any rule sees them (a Vert.x trap: never read a
 * client field with {@code getString} before checking it is a string).
 */
public record InboundFrame(String type, String address, String replyAddress, JsonObject headers, Object body) {

  public static final int MAX_ADDRESS = 512;
  public static final int MAX_REPLY_ADDRESS = 128;

  /** Outcome of parsing: a frame, or a refusal with the address to put on the err frame (may be null). */
  public record Parsed(InboundFrame frame, Refusal refusal, String errAddress) {
  }

  public static Parsed parse(Buffer data) {
    JsonObject json;
    try {
      json = new JsonObject(data);
    } catch (DecodeException | ClassCastException e) {
      return refused(null, "frame is not a JSON object");
    }
    if (!(json.getValue("type") instanceof String type)) {
      return refused(null, "frame has no type (a string: send, publish, register, unregister or ping)");
    }
    if (type.equals("ping")) {
      return new Parsed(new InboundFrame(type, null, null, null, null), null, null);
    }
    if (!type.equals("send") && !type.equals("publish") && !type.equals("register") && !type.equals("unregister")) {
      return refused(null, "unknown frame type \"" + shorten(type) + "\": expected send, publish, register, unregister or ping");
    }
    if (!(json.getValue("address") instanceof String address) || address.isEmpty()) {
      return refused(null, "a " + type + " frame needs an address (a non-empty string)");
    }
    if (address.length() > MAX_ADDRESS || hasControlCharacter(address)) {
      return refused(null, "address is longer than " + MAX_ADDRESS + " characters or holds control characters");
    }
    Object reply = json.getValue("replyAddress");
    if (reply != null && !(reply instanceof String r && validReplyAddress(r))) {
      return refused(address, "replyAddress must be 1 to " + MAX_REPLY_ADDRESS + " of [A-Za-z0-9_.:-]");
    }
    String replyAddress = (String) reply;
    Object headers = json.getValue("headers");
    if (headers != null && !(headers instanceof JsonObject)) {
      return refused(replyAddress != null ? replyAddress : address, "headers must be an object");
    }
    return new Parsed(new InboundFrame(type, address, replyAddress, (JsonObject) headers, json.getValue("body")), null, null);
  }

  /** Where an err frame about this frame goes: its reply address when it awaits a reply, else its address. */
  public String errAddress() {
    return replyAddress != null ? replyAddress : address;
  }

  private static Parsed refused(String errAddress, String message) {
    return new Parsed(null, Refusal.invalid(message), errAddress);
  }

  private static boolean validReplyAddress(String address) {
    if (address.isEmpty() || address.length() > MAX_REPLY_ADDRESS) {
      return false;
    }
    for (int i = 0; i < address.length(); i++) {
      char c = address.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-'
          || c == ':')) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasControlCharacter(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < 0x20 || text.charAt(i) == 0x7f) {
        return true;
      }
    }
    return false;
  }

  private static String shorten(String text) {
    return text.length() > 32 ? text.substring(0, 32) + "..." : text;
  }
}
