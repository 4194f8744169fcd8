package dev.switchboard.loadgen;

import io.vertx.core.json.Json;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How bridge frames travel over a WebSocket: {@code raw} is the bridge's own endpoint {@code /eventbus/websocket},
 * one frame per text message; {@code sockjs} is SockJS's websocket transport, whose messages from the client are
 * JSON arrays of frame texts and whose messages to it are {@code o}, {@code h}, {@code a[...]} and
 * {@code c[code,"reason"]} (see {@link SockJsFrames}).
 */
enum Transport {
  RAW, SOCKJS;

  static Transport parse(String value) {
    return switch (value) {
      case "raw" -> RAW;
      case "sockjs" -> SOCKJS;
      default -> throw new IllegalArgumentException("--transport = \"" + value + "\" (expected raw or sockjs)");
    };
  }

  /** The path below the bridge's base path ({@code /eventbus}) to open the WebSocket on; SockJS: a fresh session. */
  String path() {
    if (this == RAW) {
      return "/websocket";
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return String.format("/%03d/%016x/websocket", random.nextInt(1000), random.nextLong());
  }

  /** One bridge frame as the text message to send. */
  String encode(String frameJson) {
    return this == RAW ? frameJson : "[" + Json.encode(frameJson) + "]";
  }

  String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
