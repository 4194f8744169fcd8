package dev.switchboard.bridge;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/** Text frame payloads that are not UTF-8, each otherwise a frame the bridge would take (raw or in SockJS's array). */
final class InvalidUtf8 {

  /** Byte sequences that UTF-8 forbids: a lone continuation byte, overlong forms, a surrogate, bytes above F4, a cut. */
  private static final List<byte[]> SEQUENCES = List.of(
      new byte[] {(byte) 0x80}, new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
      new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80},
      new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xE2, (byte) 0x82});

  private InvalidUtf8() {
  }

  /** Each sequence inside a register frame's address, and inside the same frame wrapped as SockJS sends it. */
  static List<byte[]> frames() {
    return SEQUENCES.stream().flatMap(bad -> List.of(
        join("{\"type\":\"register\",\"address\":\"room.project:1", bad, "\"}"),
        join("[\"{\\\"type\\\":\\\"register\\\",\\\"address\\\":\\\"room.project:1", bad, "\\\"}\"]")).stream()).toList();
  }

  static String hex(byte[] payload) {
    return HexFormat.of().formatHex(payload);
  }

  private static byte[] join(String before, byte[] bad, String after) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(before.getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes(bad);
    bytes.writeBytes(after.getBytes(StandardCharsets.UTF_8));
    return bytes.toByteArray();
  }
}
