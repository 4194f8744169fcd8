package dev.switchboard.bridge.protocol;

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
  private byte[] rawWire;
  private byte[] sockJsWire;

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

  /** The frame's size as written: the UTF-8 bytes of its JSON (a transport's framing adds a few). */
  public long byteLength() {
    return raw().length;
  }

  /** The frame as a SockJS message frame {@code a["…"]}. */
  public byte[] sockJs() {
    if (sockJs == null) {
      sockJs = sockJsText(json).getBytes(StandardCharsets.UTF_8);
    }
    return sockJs;
  }

  /** The whole WebSocket text frame (header and payload) of the raw or the SockJS form, built once. */
  public byte[] wire(boolean sockJsForm) {
    if (sockJsForm) {
      if (sockJsWire == null) {
        sockJsWire = textFrame(sockJs());
      }
      return sockJsWire;
    }
    if (rawWire == null) {
      rawWire = textFrame(raw());
    }
    return rawWire;
  }

  /** An unmasked, final WebSocket text frame (RFC 6455 5.2) around a UTF-8 payload: what a server sends. */
  public static byte[] textFrame(byte[] payload) {
    int length = payload.length;
    int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
    byte[] frame = new byte[header + length];
    frame[0] = (byte) 0x81;
    if (length < 126) {
      frame[1] = (byte) length;
    } else if (length <= 0xFFFF) {
      frame[1] = 126;
      frame[2] = (byte) (length >>> 8);
      frame[3] = (byte) length;
    } else {
      frame[1] = 127;
      for (int i = 0; i < 8; i++) {
        frame[2 + i] = (byte) (((long) length) >>> (56 - 8 * i));
      }
    }
    System.arraycopy(payload, 0, frame, header, length);
    return frame;
  }

  public static String sockJsText(String json) {
    return "a[" + Json.encode(json) + "]";
  }
}
