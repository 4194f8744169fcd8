package dev.switchboard.bridge.transport;

import io.vertx.core.json.Json;

import java.nio.charset.StandardCharsets;

/**
 * A frame written to many connections (a room event on this node): its JSON text, and its bytes for each kind of
 * transport, encoded on first use and then shared — the fan-out encodes once per event, not once per socket.
 * Confined to one event loop.
 */
public final class OutboundFrame {

  private final String json;
  private byte[] raw;
  private byte[] sockJs;

  public OutboundFrame(String json) {
    this.json = json;
  }

  public String json() {
    return json;
  }

  /** The frame as a raw WebSocket text message. */
  public byte[] raw() {
    if (raw == null) {
      raw = json.getBytes(StandardCharsets.UTF_8);
    }
    return raw;
  }

  /** The frame as a SockJS message frame {@code a["…"]}. */
  public byte[] sockJs() {
    if (sockJs == null) {
      sockJs = sockJsText(json).getBytes(StandardCharsets.UTF_8);
    }
    return sockJs;
  }

  static String sockJsText(String json) {
    return "a[" + Json.encode(json) + "]";
  }
}
