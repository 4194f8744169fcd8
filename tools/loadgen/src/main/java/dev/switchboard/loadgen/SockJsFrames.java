package dev.switchboard.loadgen;

import io.vertx.core.json.JsonArray;

import java.util.function.Consumer;

/**
 * SockJS's messages from the server on its websocket transport: {@code o} (open), {@code h} (heartbeat),
 * {@code a["frame","frame"]} (frames, each a JSON string) and {@code c[code,"reason"]} (close). The array is read
 * with a small JSON-string scanner: no tree is built for a delivery.
 */
final class SockJsFrames {

  enum Kind { OPEN, HEARTBEAT, FRAMES, CLOSE, UNKNOWN }

  private SockJsFrames() {
  }

  static Kind kind(String message) {
    if (message.isEmpty()) {
      return Kind.UNKNOWN;
    }
    return switch (message.charAt(0)) {
      case 'o' -> Kind.OPEN;
      case 'h' -> Kind.HEARTBEAT;
      case 'a' -> Kind.FRAMES;
      case 'c' -> Kind.CLOSE;
      default -> Kind.UNKNOWN;
    };
  }

  /** Hands each frame text of an {@code a[...]} message to {@code sink}; a malformed message ends with an exception. */
  static void frames(String message, Consumer<String> sink) {
    int i = skipSpace(message, 1);
    expect(message, i, '[');
    i = skipSpace(message, i + 1);
    if (i < message.length() && message.charAt(i) == ']') {
      return;
    }
    StringBuilder text = new StringBuilder(message.length());
    while (true) {
      i = readString(message, i, text);
      sink.accept(text.toString());
      text.setLength(0);
      i = skipSpace(message, i);
      if (i >= message.length()) {
        throw new IllegalArgumentException("unterminated SockJS array");
      }
      char c = message.charAt(i);
      if (c == ']') {
        return;
      }
      expect(message, i, ',');
      i = skipSpace(message, i + 1);
    }
  }

  /** {@code c[3000,"Go away!"]} as {@code sockjs close 3000 Go away!}. */
  static String closeReason(String message) {
    try {
      JsonArray array = new JsonArray(message.substring(1));
      return "sockjs close " + array.getValue(0) + " " + array.getValue(1);
    } catch (RuntimeException e) {
      return "sockjs close";
    }
  }

  /** Reads the JSON string starting at {@code from} (its opening quote) into {@code out}; returns the index after it. */
  static int readString(String s, int from, StringBuilder out) {
    expect(s, from, '"');
    int i = from + 1;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c == '"') {
        return i + 1;
      }
      if (c != '\\') {
        int run = i;
        while (i < n && s.charAt(i) != '"' && s.charAt(i) != '\\') {
          i++;
        }
        out.append(s, run, i);
        continue;
      }
      if (i + 1 >= n) {
        break;
      }
      char e = s.charAt(i + 1);
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (i + 6 > n) {
            throw new IllegalArgumentException("truncated \\u escape");
          }
          out.append((char) Integer.parseInt(s, i + 2, i + 6, 16));
          i += 4;
        }
        default -> throw new IllegalArgumentException("bad escape \\" + e);
      }
      i += 2;
    }
    throw new IllegalArgumentException("unterminated JSON string");
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static void expect(String s, int i, char c) {
    if (i >= s.length() || s.charAt(i) != c) {
      throw new IllegalArgumentException("expected '" + c + "' at " + i + " of a SockJS message");
    }
  }
}
